package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The general (numerical, AD-Jacobian) adjoint: LIF re-expressed through the generic path agrees with the closed-form
 * LIF adjoint; QIF gradients agree with finite differences to 1e-5 relative.
 */
class GeneralAdjointTest {

    /** LIF whose dynamics are re-declared: simulated and differentiated through the generic path. */
    static final class LifGeneric extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    static LongStream seeds() {
        return LongStream.range(1, 9);
    }

    /** Fewer seeds for QIF: every finite-difference probe integrates the network numerically. */
    static LongStream qifSeeds() {
        return LongStream.range(1, 5);
    }

    static FFEvNN asGeneric(FFEvNN net) {
        List<Layer> ls = new ArrayList<>();
        for (Layer l : net.layers()) {
            ls.add(l.copy());
        }
        return new FFEvNN(new LifGeneric(), net.inSize(), ls, net.options().withSolverStepsize(0.02), 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void genericLifMatchesClosedFormGradients(long seed) {
        FFEvNN exact = TestNets.lif(seed);
        FFEvNN generic = asGeneric(exact);
        assertNull(generic.model().closedForm());
        double[][] in = TestNets.inputs(seed, 3, 1, 40.0).get(0);
        Trace te = exact.simulate(in);
        Trace tg = generic.simulate(in);
        assertEquals(te.output().size(), tg.output().size(), "output spike count");
        assertEquals(te.spikes(0).size(), tg.spikes(0).size(), "hidden spike count");
        SpikeLoss loss = TestNets.allSpikes(LifGradientPropertyTest.coef(seed, 3));
        Gradients ge = new EventProp(exact).backward(te, loss.spikeErrors(te));
        Gradients gg = new EventProp(generic).backward(tg, loss.spikeErrors(tg));
        int compared = 0;
        for (int l = 0; l < 2; l++) {
            double[] a = ge.layer(l).weights();
            double[] b = gg.layer(l).weights();
            for (int q = 0; q < a.length; q++) {
                assertClose(a[q], b[q], "seed " + seed + " layer " + l + " weight " + q);
                compared++;
            }
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < a.length / exact.layers().get(l).fanIn(); i++) {
                    assertClose(ge.layer(l).params()[k][i], gg.layer(l).params()[k][i],
                            "seed " + seed + " layer " + l + " param " + k + " neuron " + i);
                    compared++;
                }
            }
        }
        assertTrue(compared > 20);
    }

    static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(Math.max(Math.abs(expected), Math.abs(actual)), 1e-3);
        assertEquals(expected, actual, 1e-5 * scale, what);
    }

    static FFEvNN qif(long seed) {
        FFEvNN net = TestNets.twoLayer(new QIF(), seed, 3, 4, 2, 30.0);
        net = net.withOptions(net.options().withSolverStepsize(0.05), 1);
        // QIF needs stronger drive: scale the weights up
        for (Layer l : net.layers()) {
            double[] w = l.weights();
            for (int q = 0; q < w.length; q++) {
                w[q] *= 3.0;
            }
        }
        return net;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("qifSeeds")
    void qifAllSpikesLoss(long seed) {
        FFEvNN net = qif(seed);
        List<double[][]> in = TestNets.inputs(seed, 3, 1, 30.0);
        assertTrue(net.simulate(in.get(0)).output().size() > 0, "no output spikes");
        GradientCheck.Report r = new GradientCheck(net, in, TestNets.allSpikes(
                LifGradientPropertyTest.coef(seed, 2))).stopAt(1e-8).run();
        LifGradientPropertyTest.assertAgrees(r, 1e-5, "seed " + seed + " QIF all-spikes loss");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("qifSeeds")
    void qifFirstSpikeLoss(long seed) {
        FFEvNN net = qif(seed);
        List<double[][]> in = TestNets.inputs(seed, 3, 1, 30.0);
        double[] c = LifGradientPropertyTest.firstSpikeCoef(net, in, LifGradientPropertyTest.coef(seed, 2));
        GradientCheck.Report r = new GradientCheck(net, in, new CoefficientLoss(c)).stopAt(1e-8).run();
        if (c[0] == 0.0 && c[1] == 0.0) {
            return;   // both outputs silent for this seed: nothing to differentiate (the loss is constant)
        }
        LifGradientPropertyTest.assertAgrees(r, 1e-5, "seed " + seed + " QIF first-spike loss");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("qifSeeds")
    void qifSampledStateLoss(long seed) {
        LifGradientPropertyTest.checkSampledStateLoss(qif(seed), TestNets.inputs(seed, 3, 1, 30.0).get(0),
                new double[] {4.1, 9.7, 16.3, 23.9, 28.2}, seed, 1e-8, 1e-5, "seed " + seed + " QIF sampled-state loss");
    }
}
