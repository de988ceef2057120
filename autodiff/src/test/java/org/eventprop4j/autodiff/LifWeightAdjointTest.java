package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay-free LIF weight adjoint ({@link LifWeightAdjoint}, used by {@link EventProp#weightsOnly()}) gives the
 * same weight gradients and input-spike errors as the replaying closed-form adjoint ({@link LifAdjoint}, itself
 * checked against finite differences) to 1e-9 relative, on random 2-layer networks with shared taus of integer,
 * non-integer and inverted ratios, biases of both signs, repeated firing and simultaneous input spikes.
 */
class LifWeightAdjointTest {
    private static final double[] RATIOS = {4.0, 2.0, 3.0, 8.0, 2.7, 1.6, 0.4, 0.62};

    static LongStream seeds() {
        return LongStream.range(1, 25);
    }

    static FFEvNN network(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + 5);
        double ratio = RATIOS[(int) (seed % RATIOS.length)];
        int[] sizes = {4 + rng.nextInt(8), 2 + rng.nextInt(3)};
        List<Layer> layers = new ArrayList<>();
        int fan = 3;
        for (int l = 0; l < 2; l++) {
            int n = sizes[l];
            double ts = 2.0 + 6.0 * rng.nextDouble();
            double tm = ratio * ts;
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = (l == 0 ? 1.0 : 0.8) * (rng.nextDouble() * 2.6 - 0.6) * Math.max(1.0, ts / tm);
            }
            double[][] p = new double[4][n];
            for (int i = 0; i < n; i++) {
                p[LIF.TAU_SYN][i] = ts;
                p[LIF.TAU_MEM][i] = tm;
                p[LIF.BIAS][i] = rng.nextDouble() * 0.8 - 0.3;
                p[LIF.THRESH][i] = 0.5 + 0.7 * rng.nextDouble();
            }
            p[LIF.BIAS][0] = 1.4 * p[LIF.THRESH][0];                 // a tonically firing neuron
            layers.add(new Layer(fan, n, w, p));
            fan = n;
        }
        return new FFEvNN(new LIF(), 3, layers, SimOptions.of(60.0), 1);
    }

    static double[][] input(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 7 + 3);
        double shared = 10.0 * rng.nextDouble();
        double[][] in = new double[3][];
        for (int j = 0; j < 3; j++) {
            int k = 1 + rng.nextInt(4);
            in[j] = new double[k];
            for (int q = 0; q < k; q++) {
                in[j][q] = q == 0 && j < 2 ? shared : 30.0 * rng.nextDouble();   // two simultaneous input spikes
            }
            java.util.Arrays.sort(in[j]);
        }
        in[2][0] = 0.0;                                                          // a spike at t = 0
        return in;
    }

    /** The largest absolute entry of {@code v} (0 if empty): the scale of the closeness checks below. */
    static double maxAbs(double[] v) {
        double m = 0.0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Equal to 1e-12 of the largest entry: the same formulas, rounded differently. */
    static void assertRounding(double[] expected, double[] actual, String what) {
        double scale = maxAbs(expected);
        assertEquals(expected.length, actual.length, what);
        for (int q = 0; q < expected.length; q++) {
            assertEquals(expected[q], actual[q], 1e-12 * scale, what + " entry " + q);
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        double scale = maxAbs(expected);
        assertEquals(expected.length, actual.length, what);
        for (int q = 0; q < expected.length; q++) {
            double tol = 1e-9 * Math.max(Math.abs(expected[q]), 1e-3 * scale) + 1e-15;
            assertEquals(expected[q], actual[q], tol, what + " entry " + q);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithTheReplayingAdjoint(long seed) {
        FFEvNN net = network(seed);
        Trace tr = net.simulate(input(seed));
        int hidden = tr.layers().get(0).output().size();
        assertTrue(hidden > 0, "seed " + seed + ": no hidden spikes");
        if (tr.output().size() == 0) {
            return;                                       // nothing to differentiate (a few seeds)
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] c = {rng.nextDouble() + 0.2, rng.nextDouble() - 0.5, rng.nextDouble() * 2 - 1, 0.7, -0.2};
        for (SpikeLoss loss : List.of(TestNets.allSpikes(c), firstSpikes(c))) {
            double[] err = loss.spikeErrors(tr);
            Gradients ref = new EventProp(net).backward(tr, err);
            EventProp fastEp = new EventProp(net).weightsOnly();
            Gradients fast = fastEp.backward(tr, err);
            assertTrue(fastEp.fastNeuronTasksOfThisThread() > 0, "seed " + seed + ": fast path not used");
            for (int l = 0; l < 2; l++) {
                assertClose(ref.layer(l).weights(), fast.layer(l).weights(), "seed " + seed + " layer " + l + " dW");
            }
            assertClose(ref.inputErrors(), fast.inputErrors(), "seed " + seed + " input errors");
            assertEquals(ref.tangentialCrossings(), fast.tangentialCrossings(), "seed " + seed);
            // the layer-wise sweep (the default) equals the neuron-by-neuron one to rounding: the same sums in the
            // same order, except the synaptic current at a spike, which the layer-wise sweep takes from the forward
            // pass's recorded state and the per-neuron one from prefix sums (both exact to rounding)
            Gradients perNeuron = new EventProp(net).weightsOnlyPerNeuron().backward(tr, err);
            for (int l = 0; l < 2; l++) {
                assertRounding(perNeuron.layer(l).weights(), fast.layer(l).weights(),
                        "seed " + seed + " layer " + l + " layer-wise dW");
            }
            assertRounding(perNeuron.inputErrors(), fast.inputErrors(), "seed " + seed + " layer-wise input errors");
            assertEquals(perNeuron.tangentialCrossings(), fast.tangentialCrossings());
            // a sum of samples (accumulate) skips the input errors on the layer-wise path: the same weight
            // gradients, bit for bit, and no input errors; a cleared sum reused gives the same again
            Gradients sum = new Gradients(net);
            for (int rep = 0; rep < 2; rep++) {
                sum.clear();
                fastEp.accumulate(tr, err, sum);
                assertEquals(1, sum.samples());
                assertEquals(0, sum.inputErrors().length, "seed " + seed + ": a sum keeps no input errors");
                for (int l = 0; l < 2; l++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(fast.layer(l).weights(),
                            sum.layer(l).weights(), 0.0, "seed " + seed + " layer " + l + " accumulated dW");
                }
            }
        }
    }

    /** Loss {@code sum_k c_k t_k} on each output neuron's first spike. */
    static SpikeLoss firstSpikes(double[] c) {
        return new SpikeLoss() {
            @Override
            public double value(Trace trace) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double[] spikeErrors(Trace trace) {
                Spikes out = trace.output();
                double[] e = new double[out.size()];
                boolean[] seen = new boolean[c.length];
                for (int q = 0; q < e.length; q++) {
                    int i = out.sources()[q];
                    if (!seen[i]) {
                        seen[i] = true;
                        e[q] = c[i];
                    }
                }
                return e;
            }
        };
    }

    @Test
    void taskOutsideItsRangeFallsBackToTheReplay() {
        FFEvNN net = TestNets.twoLayer(new LIF(), 4, 3, 5, 3, 40.0);    // nearly equal taus (mode 0: equal)
        Trace tr = net.simulate(TestNets.inputs(4, 3, 1, 40.0).get(0));
        EventProp ep = new EventProp(net).weightsOnly();
        ep.backward(tr, TestNets.allSpikes(new double[] {1, 1, 1}).spikeErrors(tr));
        assertEquals(0, ep.fastNeuronTasksOfThisThread());
    }
}
