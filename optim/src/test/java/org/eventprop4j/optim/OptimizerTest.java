package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.autodiff.LayerGradient;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {

    /** A random 3-4-2 LIF network. */
    static FFEvNN net(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int[] sizes = {3, 4, 2};
        for (int l = 0; l + 1 < sizes.length; l++) {
            int fan = sizes[l];
            int n = sizes[l + 1];
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = rng.nextDouble() * 2 - 0.5;
            }
            double[][] p = new double[4][n];
            for (int i = 0; i < n; i++) {
                p[LIF.TAU_SYN][i] = 2 + 5 * rng.nextDouble();
                p[LIF.TAU_MEM][i] = 10 + 20 * rng.nextDouble();
                p[LIF.BIAS][i] = rng.nextDouble() - 0.5;
                p[LIF.THRESH][i] = 0.5 + rng.nextDouble();
            }
            layers.add(new Layer(fan, n, w, p));
        }
        return new FFEvNN(new LIF(), 3, layers, SimOptions.of(50), 1);
    }

    /** Random gradients (all entries, fixed parameters too), scaled by {@code scale}. */
    static Gradients grads(FFEvNN net, SplittableRandom rng, double scale) {
        Gradients g = new Gradients(net);
        for (LayerGradient lg : g.layers()) {
            for (int q = 0; q < lg.weights().length; q++) {
                lg.weights()[q] = scale * (rng.nextDouble() * 2 - 1);
            }
            for (double[] row : lg.params()) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = scale * (rng.nextDouble() * 2 - 1);
                }
            }
        }
        return g;
    }

    /** The live parameters of the trained groups, flattened in the optimiser's layout order. */
    static double[] flat(FFEvNN net, boolean params) {
        List<Double> v = new ArrayList<>();
        for (Layer l : net.layers()) {
            for (double w : l.weights()) {
                v.add(w);
            }
            if (params) {
                for (double[] row : l.params()) {
                    for (double p : row) {
                        v.add(p);
                    }
                }
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] flat(Gradients g, boolean params) {
        List<Double> v = new ArrayList<>();
        for (LayerGradient l : g.layers()) {
            for (double w : l.weights()) {
                v.add(w);
            }
            if (params) {
                for (double[] row : l.params()) {
                    for (double p : row) {
                        v.add(p);
                    }
                }
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Stream<Arguments> seeds() {
        return LongStream.range(0, 5).mapToObj(s -> Arguments.of(s));
    }

    /** ND4J's Adam = Kingma &amp; Ba's "efficient" form with eps outside the bias correction (see {@link Adam}). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void adamMatchesEfficientForm(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FFEvNN net = net(seed);
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        Adam adam = new Adam(lr, b1, b2, eps);
        double[] p = flat(net, false);
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        for (int t = 1; t <= 3; t++) {
            // mixed magnitudes: eps placement matters for small gradients
            Gradients g = grads(net, rng, t == 2 ? 1e-3 : 1.0);
            double[] gf = flat(g, false);
            adam.step(net, g);
            double alphaT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * gf[i];
                v[i] = b2 * v[i] + (1 - b2) * gf[i] * gf[i];
                p[i] -= alphaT * m[i] / (Math.sqrt(v[i]) + eps);
            }
            double[] actual = flat(net, false);
            for (int i = 0; i < p.length; i++) {
                assertEquals(p[i], actual[i], 1e-12, "step " + t + " entry " + i);
            }
        }
        assertEquals(3, adam.iteration());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sgdMomentumIsNesterov(long seed) {
        SplittableRandom rng = new SplittableRandom(seed + 50);
        FFEvNN net = net(seed);
        double lr = 0.05;
        double mu = 0.9;
        SgdMomentum opt = new SgdMomentum(lr, mu);
        double[] p = flat(net, false);
        double[] vel = new double[p.length];
        for (int t = 1; t <= 4; t++) {
            Gradients g = grads(net, rng, 1.0);
            double[] gf = flat(g, false);
            opt.step(net, g);
            for (int i = 0; i < p.length; i++) {
                double vPrev = vel[i];
                vel[i] = mu * vPrev - lr * gf[i];
                p[i] += -mu * vPrev + (1 + mu) * vel[i];
            }
            double[] actual = flat(net, false);
            for (int i = 0; i < p.length; i++) {
                assertEquals(p[i], actual[i], 1e-12, "step " + t + " entry " + i);
            }
        }
    }

    @Test
    void schedules() {
        LrSchedule c = LrSchedule.constant(0.01);
        LrSchedule e = LrSchedule.exponential(5e-3, 0.95);
        LrSchedule s = LrSchedule.step(0.1, 0.5, 3);
        for (int ep = 0; ep < 10; ep++) {
            assertEquals(0.01, c.at(ep), 0.0);
            assertEquals(5e-3 * Math.pow(0.95, ep), e.at(ep), 1e-18);
            assertEquals(0.1 * Math.pow(0.5, ep / 3), s.at(ep), 1e-18);
        }
        // the optimiser uses the schedule through its epoch hook: plain SGD steps are lr(epoch) * g
        FFEvNN net = net(1);
        Sgd sgd = new Sgd(LrSchedule.exponential(0.1, 0.95));
        SplittableRandom rng = new SplittableRandom(9);
        for (int ep = 0; ep < 4; ep++) {
            sgd.setEpoch(ep);
            assertEquals(0.1 * Math.pow(0.95, ep), sgd.learningRate(), 1e-17);
            double[] before = flat(net, false);
            Gradients g = grads(net, rng, 1.0);
            double[] gf = flat(g, false);
            sgd.step(net, g);
            double[] after = flat(net, false);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i] - 0.1 * Math.pow(0.95, ep) * gf[i], after[i], 1e-15);
            }
        }
    }

    @Test
    void defaultTrainsWeightsOnlyAndFrozenGroupsStayBitIdentical() {
        FFEvNN net = net(2);
        FFEvNN before = net.copy();
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 3; t++) {
            adam.step(net, grads(net, rng, 1.0));
        }
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(before.layers().get(l).params(), net.layers().get(l).params(), "layer " + l);
            assertTrue(!java.util.Arrays.equals(before.layers().get(l).weights(), net.layers().get(l).weights()));
        }
        // weights + bias, layer 0 frozen
        FFEvNN net2 = net(2);
        Adam a2 = new Adam(0.01, 0.9, 0.999, 1e-8);
        a2.withGroups(ParamGroups.weightsOnly().train("bias").freezeLayer(0));
        for (int t = 0; t < 3; t++) {
            a2.step(net2, grads(net2, rng, 1.0));
        }
        assertEquals(before.layers().get(0), net2.layers().get(0));
        Layer l1 = net2.layers().get(1);
        Layer b1 = before.layers().get(1);
        assertArrayEquals(b1.params()[LIF.TAU_SYN], l1.params()[LIF.TAU_SYN], 0.0);
        assertArrayEquals(b1.params()[LIF.TAU_MEM], l1.params()[LIF.TAU_MEM], 0.0);
        assertArrayEquals(b1.params()[LIF.THRESH], l1.params()[LIF.THRESH], 0.0);
        assertTrue(!java.util.Arrays.equals(b1.params()[LIF.BIAS], l1.params()[LIF.BIAS]));
        assertEquals(2 * 4 + 2, a2.trainedCount());
    }

    @Test
    void groupMultipliersScaleTheUpdate() {
        FFEvNN a = net(4);
        FFEvNN b = a.copy();
        Gradients g = grads(a, new SplittableRandom(5), 1.0);
        Sgd plain = new Sgd(0.1);
        plain.withGroups(ParamGroups.of("weights", "bias"));
        Sgd scaled = new Sgd(0.1);
        scaled.withGroups(ParamGroups.of("weights").train("bias", 0.25));
        FFEvNN start = a.copy();
        plain.step(a, g);
        scaled.step(b, g);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(a.layers().get(l).weights(), b.layers().get(l).weights(), 0.0);
            double[] p0 = start.layers().get(l).params()[LIF.BIAS];
            double[] pa = a.layers().get(l).params()[LIF.BIAS];
            double[] pb = b.layers().get(l).params()[LIF.BIAS];
            for (int i = 0; i < p0.length; i++) {
                assertEquals(0.25 * (pa[i] - p0[i]), pb[i] - p0[i], 1e-15);
            }
        }
    }

    @Test
    void clampingKeepsTimeConstantsAndThresholdsValid() {
        FFEvNN net = net(6);
        Sgd sgd = new Sgd(1.0);
        sgd.withGroups(ParamGroups.allTrainable(net.model()));
        Gradients g = new Gradients(net);
        for (LayerGradient lg : g.layers()) {
            java.util.Arrays.fill(lg.params()[LIF.TAU_SYN], 1e3);    // would drive the taus far below 0
            java.util.Arrays.fill(lg.params()[LIF.TAU_MEM], 1e3);
            java.util.Arrays.fill(lg.params()[LIF.THRESH], 1e3);
            java.util.Arrays.fill(lg.params()[LIF.BIAS], 1e3);       // bias is unbounded: not clamped
        }
        FFEvNN before = net.copy();
        sgd.step(net, g);
        net.validate();
        for (int l = 0; l < 2; l++) {
            Layer layer = net.layers().get(l);
            for (int i = 0; i < layer.size(); i++) {
                assertEquals(ParamClamp.DEFAULT_MARGIN, layer.params()[LIF.TAU_SYN][i], 0.0);
                assertEquals(ParamClamp.DEFAULT_MARGIN, layer.params()[LIF.TAU_MEM][i], 0.0);
                assertEquals(ParamClamp.DEFAULT_MARGIN, layer.params()[LIF.THRESH][i], 0.0);
                assertEquals(before.layers().get(l).params()[LIF.BIAS][i] - 1e3, layer.params()[LIF.BIAS][i], 0.0);
            }
        }
        assertEquals(3 * (4 + 2), sgd.clampedCount());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stateRoundTripContinuesIdentically(long seed) {
        SplittableRandom rng = new SplittableRandom(seed + 100);
        List<Gradients> gs = new ArrayList<>();
        FFEvNN shape = net(seed);
        for (int t = 0; t < 5; t++) {
            gs.add(grads(shape, rng, t == 3 ? 1e-3 : 1.0));
        }
        for (Nd4jOptimizer[] pair : new Nd4jOptimizer[][]{
                {new Adam(LrSchedule.exponential(0.01, 0.9), 0.9, 0.999, 1e-8),
                        new Adam(LrSchedule.exponential(0.01, 0.9), 0.9, 0.999, 1e-8)},
                {new SgdMomentum(0.01, 0.8), new SgdMomentum(0.01, 0.8)}}) {
            Nd4jOptimizer a = pair[0].withGroups(ParamGroups.of("weights", "bias", "tau_mem"));
            Nd4jOptimizer b = pair[1].withGroups(ParamGroups.of("weights", "bias", "tau_mem"));
            FFEvNN na = net(seed);
            a.step(na, gs.get(0));
            a.setEpoch(1);
            a.step(na, gs.get(1));
            double[] state = a.exportState();
            FFEvNN nb = na.copy();
            b.importState(state);                 // before b is bound: applied at its first step
            assertEquals(2, b.iteration());
            assertEquals(1, b.epoch());
            // a new epoch set after the import (as a resumed trainer does) must survive the deferred load
            a.setEpoch(2);
            b.setEpoch(2);
            for (int t = 2; t < 5; t++) {
                a.step(na, gs.get(t));
                b.step(nb, gs.get(t));
                assertEquals(2, b.epoch());
            }
            for (int l = 0; l < 2; l++) {
                assertEquals(na.layers().get(l), nb.layers().get(l), a + " layer " + l);
            }
            assertArrayEquals(a.exportState(), b.exportState(), 0.0);
            // import into a bound optimiser, and reset
            b.importState(state);
            assertEquals(2, b.iteration());
            b.reset();
            assertEquals(0, b.iteration());
            double[] zero = b.exportState();
            for (int i = 5; i < zero.length; i++) {
                assertEquals(0.0, zero[i], 0.0);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Sgd(0.1).importState(new Adam(0.1, 0.9, 0.999, 1e-8).exportState()));
    }

    @Test
    void rejectsNonFiniteGradientsWithoutChangingAnything() {
        FFEvNN net = net(8);
        FFEvNN before = net.copy();
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        Gradients g = grads(net, new SplittableRandom(1), 1.0);
        g.layer(1).weights()[3] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.step(net, g));
        assertTrue(e.getMessage().contains("layer 1 weight #3"), e.getMessage());
        assertEquals(before.layers(), net.layers());
        assertEquals(0, adam.iteration());
    }

    @Test
    void rejectsUnknownOrFixedGroups() {
        FFEvNN net = net(9);
        Gradients g = new Gradients(net);
        Sgd sgd = new Sgd(0.1);
        sgd.withGroups(ParamGroups.of("weights", "tau"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.step(net, g));
        assertTrue(e.getMessage().contains("tau_mem"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParamGroups.weightsOnly().train("bias", 0.0));
    }
}
