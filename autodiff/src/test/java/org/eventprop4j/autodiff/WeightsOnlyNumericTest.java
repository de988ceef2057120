package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The weights-only backward pass of a numerically integrated model (the adjoint state alone, without parameter
 * integrals) gives the weight gradients and input errors of the full pass.
 */
class WeightsOnlyNumericTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5})
    void weightsOnlyMatchesTheFullAdjoint(long seed) {
        FFEvNN net = TestNets.twoLayer(new QIF(), seed, 3, 6, 2, 40.0);
        double[][] in = TestNets.twoSpikeInputs(seed, 3);
        Trace tr = net.simulate(in);
        double[] first = tr.output().firstTimes(2, Double.POSITIVE_INFINITY);
        double[] coef = new double[2];
        for (int k = 0; k < 2; k++) {
            coef[k] = Double.isFinite(first[k]) ? 1.0 + k : 0.0;
        }
        double[] err = FirstSpikes.errors(tr, coef);
        Gradients full = new EventProp(net).backward(tr, err);
        Gradients w = new EventProp(net).weightsOnly().backward(tr, err);
        double scale = 0.0;
        int nonzero = 0;
        for (int l = 0; l < 2; l++) {
            for (double v : full.layer(l).weights()) {
                scale = Math.max(scale, Math.abs(v));
                nonzero += v != 0.0 ? 1 : 0;
            }
        }
        assertTrue(nonzero > 0, "seed " + seed + ": the loss should reach some weights");
        for (int l = 0; l < 2; l++) {
            double[] a = full.layer(l).weights();
            double[] b = w.layer(l).weights();
            for (int q = 0; q < a.length; q++) {
                assertEquals(a[q], b[q], 1e-8 * scale, "seed " + seed + " layer " + l + " weight " + q);
            }
        }
        double[] ia = full.inputErrors();
        double[] ib = w.inputErrors();
        for (int q = 0; q < ia.length; q++) {
            assertEquals(ia[q], ib[q], 1e-8 * Math.max(1.0, Math.abs(ia[q])), "seed " + seed + " input " + q);
        }
    }
}
