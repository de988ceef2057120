package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.core.model.ALIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adjoint of a numerically integrated model is accurate to far better than the 1e-5 of the gradient tests: every
 * output-layer parameter of ALIF networks (slow adaptation channel, decayed currents) against central differences,
 * to 1e-7 relative. Integrating the adjoint with one step per forward step, without its own error control, failed
 * this by 6e-6 on a bias.
 */
class AdjointAccuracyTest {

    private static double loss(FFEvNN net, double[][] in, double[] coef) {
        double[] f = net.simulate(in).output().firstTimes(2, Double.POSITIVE_INFINITY);
        double s = 0.0;
        for (int k = 0; k < 2; k++) {
            if (coef[k] != 0.0) {
                s += coef[k] * f[k];
            }
        }
        return s;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void outputParameterGradientsMatchCentralDifferences(long seed) {
        FFEvNN net = FFEvNN.builder(new ALIF()).layers(8, 2).inSize(3).maxSolverTime(40).seed(seed)
                .gaussianWeights(0, 2.0, 1.0).gaussianWeights(1, 1.5, 0.3).threads(1).build();
        double[][] in = TestNets.twoSpikeInputs(seed, 3);
        Trace tr = net.simulate(in);
        double[] first = tr.output().firstTimes(2, Double.POSITIVE_INFINITY);
        double[] coef = new double[2];
        for (int k = 0; k < 2; k++) {
            coef[k] = Double.isFinite(first[k]) ? 1.0 - 2.0 * k : 0.0;
        }
        assertTrue(coef[0] != 0.0, "output 0 should fire");
        Gradients g = new EventProp(net).backward(tr, FirstSpikes.errors(tr, coef));
        Layer out = net.layers().get(1);
        int compared = 0;
        for (int k = 0; k < out.params().length; k++) {
            for (int i = 0; i < out.size(); i++) {
                double v = out.params()[k][i];
                double h = 1e-5 * Math.max(1.0, Math.abs(v));
                double[] d = new double[2];
                for (int sgn = 0; sgn < 2; sgn++) {
                    double[][] p = new double[out.params().length][];
                    for (int q = 0; q < p.length; q++) {
                        p[q] = out.params()[q].clone();
                    }
                    p[k][i] = v + (sgn == 0 ? h : -h);
                    List<Layer> layers = new ArrayList<>(net.layers());
                    layers.set(1, new Layer(out.fanIn(), out.size(), out.weights(), p));
                    d[sgn] = loss(new FFEvNN(net.model(), 3, layers, net.options(), 1), in, coef);
                }
                double fd = (d[0] - d[1]) / (2 * h);
                double ep = g.layer(1).params()[k][i];
                if (Math.abs(ep) < 1e-3) {
                    continue;
                }
                assertEquals(fd, ep, 1e-7 * Math.abs(ep), "seed " + seed + " param " + k + " neuron " + i);
                compared++;
            }
        }
        assertTrue(compared >= 3, "compared " + compared);
    }
}
