package org.eventprop4j.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.sim.LayerTrace;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property tests of the closed-form LIF network simulator on random networks from {@link RandomNets#lif}
 * (1-2 layers, 2-5 inputs, 3-8 neurons, taus in [2, 30] ms including equal and nearly equal taus, biases of both
 * signs, inputs with simultaneous spikes and a spike at exactly 0). Each test is named by its seed, so a failure
 * replays with {@code RandomNets.lif(seed)}.
 */
class LifNetworkPropertyTest {

    static LongStream seeds() {
        return RandomNets.seeds(25);
    }

    /** Sanity of the generator itself: the cases must actually exercise the simulator. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void generatedNetworksSpike(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        Trace tr = c.net(1).simulate(c.input());
        int total = 0;
        for (int l = 0; l < c.layers().size(); l++) {
            total += tr.spikes(l).size();
        }
        assertTrue(total >= c.layers().size() * 3, c + ": only " + total + " spikes");
    }

    /**
     * Every layer's spikes are time-ordered (ties by neuron), inside [0, T], from valid neurons; the state recorded
     * just before each spike has V at the threshold; the event count is inputs in the window plus all spikes.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void spikesSortedInWindowAndAtThreshold(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        FFEvNN net = c.net(1);
        Trace tr = net.simulate(c.input());
        int inWindow = 0;
        for (double[] row : c.input()) {
            for (double t : row) {
                inWindow += t <= c.tEnd() ? 1 : 0;
            }
        }
        int events = inWindow;
        for (int l = 0; l < c.layers().size(); l++) {
            Layer layer = c.layers().get(l);
            LayerTrace lt = tr.layers().get(l);
            Spikes s = lt.output();
            events += s.size();
            for (int k = 0; k < s.size(); k++) {
                double t = s.times()[k];
                int src = s.sources()[k];
                assertTrue(t >= 0 && t <= c.tEnd(), c + ": layer " + l + " spike " + k + " at " + t);
                assertTrue(src >= 0 && src < layer.size(), c + ": bad source " + src);
                if (k > 0) {
                    double prev = s.times()[k - 1];
                    assertTrue(prev < t || (prev == t && s.sources()[k - 1] < src),
                            c + ": layer " + l + " spikes out of order at " + k + ": " + s);
                }
                double th = layer.params()[LIF.THRESH][src];
                double v = lt.preSpikeState(k)[LIF.V];
                assertEquals(th, v, 1e-9 * th, c + ": V before spike " + k + " of layer " + l);
            }
            // each neuron's own train is strictly increasing (a LIF neuron cannot spike twice at one time)
            for (double[] train : s.perSource(layer.size())) {
                for (int q = 1; q < train.length; q++) {
                    assertTrue(train[q] > train[q - 1], c + ": layer " + l + " repeated spike time " + train[q]);
                }
            }
            // the next layer receives exactly these spikes
            if (l + 1 < c.layers().size()) {
                assertEquals(s, tr.layers().get(l + 1).input(), c + ": layer " + (l + 1) + " input");
            }
        }
        assertEquals(events, tr.events(), c + ": event count");
    }

    /**
     * Spike times agree with an independent DP853 integration of the LIF ODE ({@link OdeReference}, tolerance 1e-13,
     * max step 0.01 ms) to 1e-7 ms, and every compared neuron has exactly the same number of spikes. Neurons whose V
     * grazes the threshold within 1e-6 (or crosses it with slope below 1e-4 / ms, or spikes within 1e-6 ms of T), and
     * everything downstream of them, are skipped, because a numerical reference may legitimately miss or displace
     * such spikes. At least one spike must be compared per seed.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithIndependentOdeIntegration(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        Trace tr = c.net(1).simulate(c.input());
        List<OdeReference.LayerResult> ref = OdeReference.lif().run(c.inSize(), c.layers(), c.input(), c.tEnd());
        int compared = compare(c, tr, ref, 1e-7);
        assertTrue(compared > 0, c + ": no spike compared");
    }

    /** Compares per-neuron trains with the reference, skipping ambiguous neurons; returns the spikes compared. */
    static int compare(RandomNets.NetCase c, Trace tr, List<OdeReference.LayerResult> ref, double tol) {
        int compared = 0;
        for (int l = 0; l < c.layers().size(); l++) {
            int n = c.layers().get(l).size();
            double[][] got = tr.spikes(l).perSource(n);
            OdeReference.LayerResult r = ref.get(l);
            for (int i = 0; i < n; i++) {
                if (r.ambiguous()[i]) {
                    continue;
                }
                String where = c + ": layer " + l + " neuron " + i + " sim " + java.util.Arrays.toString(got[i])
                        + " ref " + java.util.Arrays.toString(r.spikes()[i]);
                assertEquals(r.spikes()[i].length, got[i].length, "spike count, " + where);
                for (int q = 0; q < got[i].length; q++) {
                    assertEquals(r.spikes()[i][q], got[i][q], tol, "spike " + q + ", " + where);
                }
                compared += got[i].length;
            }
        }
        return compared;
    }

    static List<Object[]> seedsAndFactors() {
        List<Object[]> out = new ArrayList<>();
        for (long s = 1; s <= 20; s++) {
            out.add(new Object[] {s, 0.5});
            out.add(new Object[] {s, 3.7});
        }
        return out;
    }

    /**
     * Time rescaling: multiplying all input times, both taus and T by {@code c} multiplies every spike time by
     * {@code c} (relative 1e-9) and leaves the spike trains' lengths unchanged (weights, bias, thresh unchanged).
     */
    @ParameterizedTest(name = "seed {0}, c = {1}")
    @MethodSource("seedsAndFactors")
    void timeRescaling(long seed, double factor) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        List<Layer> scaled = c.copyLayers();
        for (Layer l : scaled) {
            for (int i = 0; i < l.size(); i++) {
                l.params()[LIF.TAU_SYN][i] *= factor;
                l.params()[LIF.TAU_MEM][i] *= factor;
            }
        }
        double[][] in = new double[c.inSize()][];
        for (int j = 0; j < in.length; j++) {
            in[j] = c.input()[j].clone();
            for (int q = 0; q < in[j].length; q++) {
                in[j][q] *= factor;
            }
        }
        Trace a = c.net(1).simulate(c.input());
        Trace b = new FFEvNN(new LIF(), c.inSize(), scaled, SimOptions.of(c.tEnd() * factor), 1).simulate(in);
        for (int l = 0; l < scaled.size(); l++) {
            int n = scaled.get(l).size();
            double[][] ta = a.spikes(l).perSource(n);
            double[][] tb = b.spikes(l).perSource(n);
            for (int i = 0; i < n; i++) {
                assertEquals(ta[i].length, tb[i].length, c + ": spike count of layer " + l + " neuron " + i);
                for (int q = 0; q < ta[i].length; q++) {
                    double want = ta[i][q] * factor;
                    assertEquals(want, tb[i][q], 1e-9 * Math.max(want, factor),
                            c + ": layer " + l + " neuron " + i + " spike " + q);
                }
            }
        }
    }

    /**
     * Permuting the input channels together with the rows of layer 0's weight matrix changes nothing: every neuron's
     * spike train is the same to 1e-12 ms (simultaneous inputs may be summed in another order, hence not bitwise).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void inputChannelPermutationInvariance(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        SplittableRandom rng = new SplittableRandom(seed * 7919 + 1);
        int m = c.inSize();
        int[] perm = new int[m];
        for (int j = 0; j < m; j++) {
            perm[j] = j;
        }
        for (int j = m - 1; j > 0; j--) {
            int k = rng.nextInt(j + 1);
            int t = perm[j];
            perm[j] = perm[k];
            perm[k] = t;
        }
        List<Layer> ls = c.copyLayers();
        Layer l0 = ls.get(0);
        int n = l0.size();
        double[] w = new double[l0.weights().length];
        double[][] in = new double[m][];
        for (int j = 0; j < m; j++) { // new channel j is old channel perm[j]
            in[j] = c.input()[perm[j]].clone();
            System.arraycopy(l0.weights(), perm[j] * n, w, j * n, n);
        }
        ls.set(0, new Layer(m, n, w, l0.params()));
        Trace a = c.net(1).simulate(c.input());
        Trace b = new FFEvNN(new LIF(), m, ls, SimOptions.of(c.tEnd()), 1).simulate(in);
        for (int l = 0; l < ls.size(); l++) {
            int size = ls.get(l).size();
            double[][] ta = a.spikes(l).perSource(size);
            double[][] tb = b.spikes(l).perSource(size);
            for (int i = 0; i < size; i++) {
                assertArrayEquals(ta[i], tb[i], 1e-12, c + ": layer " + l + " neuron " + i);
            }
        }
    }

    /**
     * {@code simulateBatch} on 1 and on 2 threads gives bit-identical traces (spikes and pre-spike states of every
     * layer), equal to per-sample {@code simulate}.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void batchIsDeterministicAcrossThreadCounts(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        SplittableRandom rng = new SplittableRandom(seed + 1_000_003L);
        List<double[][]> inputs = new ArrayList<>();
        inputs.add(c.input());
        for (int b = 0; b < 23; b++) {
            inputs.add(RandomNets.randomInput(rng, c.inSize(), c.tEnd()));
        }
        FFEvNN one = c.net(1);
        FFEvNN two = one.withOptions(one.options(), 2);
        List<Trace> t1 = one.simulateBatch(inputs);
        List<Trace> t2 = two.simulateBatch(inputs);
        assertEquals(inputs.size(), t1.size());
        assertEquals(inputs.size(), t2.size());
        for (int b = 0; b < inputs.size(); b++) {
            Trace single = one.simulate(inputs.get(b));
            assertSameTrace(single, t1.get(b), c + ", sample " + b + ", 1 thread");
            assertSameTrace(single, t2.get(b), c + ", sample " + b + ", 2 threads");
        }
    }

    static void assertSameTrace(Trace want, Trace got, String where) {
        assertEquals(want.layers().size(), got.layers().size(), where);
        assertEquals(want.events(), got.events(), where + ": events");
        for (int l = 0; l < want.layers().size(); l++) {
            LayerTrace a = want.layers().get(l);
            LayerTrace b = got.layers().get(l);
            assertEquals(a.input(), b.input(), where + ": layer " + l + " input");
            assertArrayEquals(a.output().times(), b.output().times(), 0.0, where + ": layer " + l + " times");
            assertArrayEquals(a.output().sources(), b.output().sources(), where + ": layer " + l + " sources");
            assertArrayEquals(a.preSpikeStates(), b.preSpikeStates(), 0.0, where + ": layer " + l + " states");
        }
    }
}
