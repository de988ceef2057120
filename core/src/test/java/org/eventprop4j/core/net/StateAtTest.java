package org.eventprop4j.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link FFEvNN#stateAt}: shape, closed forms, right-continuity, caller's order, window checks. */
class StateAtTest {

    static FFEvNN single(double w, double ts, double tm, double bias, double th, double tEnd) {
        Layer layer = new Layer(1, 1, new double[] {w}, new double[][] {{ts}, {tm}, {bias}, {th}});
        return new FFEvNN(new LIF(), 1, List.of(layer), SimOptions.of(tEnd), 1);
    }

    /** One PSP of weight w arriving at t0 = 2.5 (no spike: thresh 1e9), distinct taus 20 / 5. */
    @Test
    void singlePspMatchesClosedForm() {
        double w = 1.3;
        double t0 = 2.5;
        double tm = 20.0;
        double ts = 5.0;
        FFEvNN net = single(w, ts, tm, 0.0, 1e9, 60.0);
        double[] times = {0.0, 1.0, t0, 3.0, 10.0, 17.25, 40.0, 60.0};
        double[][][] st = net.stateAt(new double[][] {{t0}}, times);
        for (int q = 0; q < times.length; q++) {
            double s = times[q] - t0;
            double v = s < 0 ? 0.0 : w * (Math.exp(-s / tm) - Math.exp(-s / ts)) / ((1 / ts - 1 / tm) * tm);
            double i = s < 0 ? 0.0 : w * Math.exp(-s / ts);
            assertEquals(v, st[0][q][LIF.V], 1e-12, "V at " + times[q]);
            assertEquals(i, st[0][q][LIF.I], 1e-12, "I at " + times[q]);
        }
        // right-continuity at the input: the jump is included at exactly t0
        assertEquals(w, st[0][2][LIF.I], 0.0);
    }

    /** Equal taus: V = w (s / tau) e^{-s / tau}; nearly equal taus (ratio 1 + 1e-9) agree to 1e-8. */
    @Test
    void equalAndNearlyEqualTauPsp() {
        double w = 2.0;
        double tau = 8.0;
        double[] times = {0.0, 0.5, 4.0, 8.0, 13.0, 50.0};
        double[][][] eq = single(w, tau, tau, 0.0, 1e9, 50.0).stateAt(new double[][] {{0.0}}, times);
        double[][][] near1 = single(w, tau * (1 + 1e-9), tau, 0.0, 1e9, 50.0).stateAt(new double[][] {{0.0}}, times);
        double[][][] near2 = single(w, tau, tau * (1 + 1e-9), 0.0, 1e9, 50.0).stateAt(new double[][] {{0.0}}, times);
        for (int q = 0; q < times.length; q++) {
            double s = times[q];
            double v = w * (s / tau) * Math.exp(-s / tau);
            assertEquals(v, eq[0][q][LIF.V], 1e-13, "equal taus, V at " + s);
            assertEquals(v, near1[0][q][LIF.V], 1e-8, "tau_syn = tau_mem (1 + 1e-9), V at " + s);
            assertEquals(v, near2[0][q][LIF.V], 1e-8, "tau_mem = tau_syn (1 + 1e-9), V at " + s);
        }
    }

    /** Bias only: V = b (1 - e^{-t/tm}) before the first spike; 0 right after a spike. */
    @Test
    void biasOnlyTrajectory() {
        double tm = 20.0;
        double b = 1.5;
        FFEvNN net = single(0.0, 5.0, tm, b, 1.0, 100.0);
        double first = tm * Math.log(b / (b - 1.0));
        double[] spikes = net.simulate(new double[][] {{}}).output().times();
        assertEquals(4, spikes.length);
        assertEquals(first, spikes[0], 1e-9);
        double[] times = {5.0, 21.0, spikes[0] + 1e-9, spikes[0] + 3.0};
        double[][][] st = net.stateAt(new double[][] {{}}, times);
        assertEquals(b * (1 - Math.exp(-5.0 / tm)), st[0][0][LIF.V], 1e-13);
        assertEquals(b * (1 - Math.exp(-21.0 / tm)), st[0][1][LIF.V], 1e-12);
        assertEquals(0.0, st[0][2][LIF.V], 1e-9, "just after the reset");
        assertEquals(b * (1 - Math.exp(-3.0 / tm)), st[0][3][LIF.V], 1e-9, "3 ms after the reset");
    }

    /**
     * Right-continuity at the neuron's own spike: sampled at exactly the spike time that {@code simulate} reports,
     * V must already be reset to 0 (FFEvNN#stateAt: "the state at t includes every input jump and reset at exactly
     * t"; spec/interchange.md state.json). Regression test: before commit 8cafbf3 (stateAt replays the known
     * spikes) about half of all spike times sampled this way returned the pre-reset state, e.g. here
     * V(21.97224577336219) = 0.9999999999999999 instead of 0.
     */
    @Test
    void stateAtSpikeTimeIsAfterReset() {
        FFEvNN net = single(0.0, 5.0, 20.0, 1.5, 1.0, 100.0);
        double[] spikes = net.simulate(new double[][] {{}}).output().times();
        double[][][] st = net.stateAt(new double[][] {{}}, spikes);
        for (int q = 0; q < spikes.length; q++) {
            assertEquals(0.0, st[0][q][LIF.V], 1e-12, "V at spike time " + spikes[q] + " (after reset)");
        }
    }

    /** The same right-continuity at every spike of random networks' last layers. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stateAtOwnSpikeTimesIsAfterResetOnRandomNetworks(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        FFEvNN net = c.net(1);
        Spikes out = net.simulate(c.input()).output();
        double[][][] st = net.stateAt(c.input(), out.times());
        for (int k = 0; k < out.size(); k++) {
            assertEquals(0.0, st[out.sources()[k]][k][LIF.V], 1e-12,
                    c + ": V of neuron " + out.sources()[k] + " at its own spike time " + out.times()[k]);
        }
    }

    @Test
    void shapeIsNeuronsTimesChannels() {
        RandomNets.NetCase c = RandomNets.lif(10); // two layers: 8 then 5 neurons
        FFEvNN net = c.net(1);
        double[] times = {0.0, 1.0, 2.0, c.tEnd()};
        double[][][] st = net.stateAt(c.input(), times);
        assertEquals(net.outSize(), st.length);
        assertTrue(c.layers().size() == 2 && net.outSize() != c.layers().get(0).size(), "want a 2-layer case");
        for (double[][] perNeuron : st) {
            assertEquals(times.length, perNeuron.length);
            for (double[] y : perNeuron) {
                assertEquals(2, y.length);
            }
        }
        assertEquals(0, net.stateAt(c.input(), new double[0])[0].length);
    }

    /** Unsorted and duplicate sample times come back in the caller's order, each as if sampled alone. */
    @Test
    void unsortedAndDuplicateTimesKeepCallersOrder() {
        RandomNets.NetCase c = RandomNets.lif(4);
        FFEvNN net = c.net(1);
        double tEnd = c.tEnd();
        double[] times = {30.0, 2.0, 30.0, 0.0, 5.5, tEnd, 2.0, 17.125};
        double[][][] all = net.stateAt(c.input(), times);
        for (int q = 0; q < times.length; q++) {
            double[][][] alone = net.stateAt(c.input(), new double[] {times[q]});
            for (int i = 0; i < all.length; i++) {
                assertArrayEquals(alone[i][0], all[i][q], 1e-10, "neuron " + i + " at " + times[q]);
            }
        }
        for (int i = 0; i < all.length; i++) {
            assertArrayEquals(all[i][0], all[i][2], 0.0, "duplicate time 30");
            assertArrayEquals(all[i][1], all[i][6], 0.0, "duplicate time 2");
        }
    }

    @Test
    void timesOutsideWindowAreRejected() {
        FFEvNN net = single(1.0, 5.0, 20.0, 0.0, 1.0, 50.0);
        double[][] in = {{1.0}};
        for (double bad : new double[] {-1e-9, -1.0, 50.0 + 1e-9, 51.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.stateAt(in, new double[] {10.0, bad}), "time " + bad);
            assertTrue(e.getMessage().contains("outside the simulation window"), e.getMessage());
        }
        // both ends of the window are fine
        assertEquals(2, net.stateAt(in, new double[] {0.0, 50.0})[0].length);
    }

    static LongStream seeds() {
        return RandomNets.seeds(20);
    }

    /**
     * On random networks, sampled at every input time of the last layer, at every spike time of the last layer and
     * at random times: I of each last-layer neuron equals {@code sum_{t_k <= t} W[src_k][i] e^{-(t - t_k)/tau_syn}}
     * (so jumps at exactly t are included) and V is below the threshold everywhere (see
     * {@link #stateAtOwnSpikeTimesIsAfterResetOnRandomNetworks} for V at the spike times).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rightContinuousStateOnRandomNetworks(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        FFEvNN net = c.net(1);
        Trace tr = net.simulate(c.input());
        int last = c.layers().size() - 1;
        Layer layer = c.layers().get(last);
        Spikes in = tr.layers().get(last).input();
        Spikes out = tr.output();
        List<Double> ts = new ArrayList<>();
        for (double t : in.times()) {
            ts.add(t);
        }
        for (double t : out.times()) {
            ts.add(t);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int q = 0; q < 10; q++) {
            ts.add(c.tEnd() * rng.nextDouble());
        }
        ts.add(c.tEnd());
        double[] times = ts.stream().mapToDouble(Double::doubleValue).toArray();
        double[][][] st = net.stateAt(c.input(), times);
        for (int i = 0; i < layer.size(); i++) {
            double tsyn = layer.params()[LIF.TAU_SYN][i];
            double th = layer.params()[LIF.THRESH][i];
            for (int q = 0; q < times.length; q++) {
                double t = times[q];
                double want = 0.0;
                for (int k = 0; k < in.size() && in.times()[k] <= t; k++) {
                    want += layer.weight(in.sources()[k], i) * Math.exp(-(t - in.times()[k]) / tsyn);
                }
                assertEquals(want, st[i][q][LIF.I], 1e-10 * Math.max(1.0, Math.abs(want)),
                        c + ": I of neuron " + i + " at " + t);
                assertTrue(st[i][q][LIF.V] < th, c + ": V of neuron " + i + " at " + t + " is "
                        + st[i][q][LIF.V] + " >= thresh " + th);
            }
        }
    }

    /** Sampling does not disturb the trajectory: a dense grid gives the same states as sparse sampling. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void denseSamplingDoesNotChangeTheState(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        FFEvNN net = c.net(1);
        int m = 400;
        double[] grid = new double[m + 1];
        for (int q = 0; q <= m; q++) {
            grid[q] = c.tEnd() * q / m;
        }
        grid[m] = c.tEnd(); // tEnd * m / m may round above tEnd
        double[] sparse = {grid[37], grid[150], grid[299], grid[m]};
        double[][][] dense = net.stateAt(c.input(), grid);
        double[][][] few = net.stateAt(c.input(), sparse);
        int[] idx = {37, 150, 299, m};
        for (int i = 0; i < dense.length; i++) {
            for (int q = 0; q < idx.length; q++) {
                assertArrayEquals(few[i][q], dense[i][idx[q]], 1e-9, c + ": neuron " + i + " at " + sparse[q]
                        + " dense " + Arrays.toString(dense[i][idx[q]]) + " sparse " + Arrays.toString(few[i][q]));
            }
        }
    }

    static LongStream layerSeeds() {
        return LongStream.rangeClosed(1, 6);
    }

    /**
     * The state of any layer, and its spike counts: the hidden layer of a 2-layer network sampled through
     * {@code stateAt(.., layer 0)} equals the output of the 1-layer network made of that hidden layer alone, and
     * {@code spikesUntil} equals a count over the trace's spikes (LIF closed form for odd seeds, QIF numerical for
     * even ones).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("layerSeeds")
    void stateAtAndSpikesUntilOfAnyLayer(long seed) {
        System.out.println("StateAtTest.stateAtAndSpikesUntilOfAnyLayer seed " + seed);
        int spikesSeen = 0;
        RandomNets.NetCase c = seed % 2 == 1 ? RandomNets.lif(seed) : RandomNets.qif(seed);
        for (long s = seed + 100; c.layers().size() < 2; s += 100) {      // the first multi-layer case from here
            c = seed % 2 == 1 ? RandomNets.lif(s) : RandomNets.qif(s);
        }
        final RandomNets.NetCase cc = c;
        FFEvNN net = c.net(1);
        FFEvNN first = new FFEvNN(c.model(), c.inSize(), List.of(c.layers().get(0)), net.options(), 1);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] times = new double[7];
        for (int q = 0; q < times.length; q++) {
            times[q] = rng.nextDouble(0, c.tEnd());
        }
        double[][][] hidden = net.stateAt(c.input(), times, 0);
        double[][][] alone = first.stateAt(c.input(), times);
        assertEquals(c.layers().get(0).size(), hidden.length);
        for (int i = 0; i < hidden.length; i++) {
            for (int q = 0; q < times.length; q++) {
                assertArrayEquals(alone[i][q], hidden[i][q], 0.0, "seed " + seed + " neuron " + i + " t " + times[q]);
            }
        }
        double[][][] last = net.stateAt(c.input(), times, c.layers().size() - 1);
        double[][][] dflt = net.stateAt(c.input(), times);
        for (int i = 0; i < last.length; i++) {
            for (int q = 0; q < times.length; q++) {
                assertArrayEquals(dflt[i][q], last[i][q], 0.0);
            }
        }
        Trace tr = net.simulate(c.input());
        for (int l = 0; l < c.layers().size(); l++) {
            Spikes sp = tr.spikes(l);
            spikesSeen += sp.size();
            int n = c.layers().get(l).size();
            for (double t : new double[] {0.0, times[0], times[1], c.tEnd()}) {
                int[] want = new int[n];
                for (int k = 0; k < sp.size(); k++) {
                    if (sp.times()[k] <= t) {
                        want[sp.sources()[k]]++;
                    }
                }
                assertArrayEquals(want, net.spikesUntil(c.input(), t, l), "layer " + l + " t " + t);
            }
            if (sp.size() > 0) {
                double t0 = sp.times()[0];
                assertTrue(Arrays.stream(net.spikesUntil(c.input(), t0, l)).sum() >= 1, "a spike at exactly t counts");
                assertEquals(0, Arrays.stream(net.spikesUntil(c.input(), Math.nextDown(t0), l)).sum());
            }
        }
        System.out.println("  layers " + c.layers().size() + ", spikes " + spikesSeen);
        assertArrayEquals(net.spikesUntil(c.input(), c.tEnd(), c.layers().size() - 1),
                net.spikesUntil(c.input(), c.tEnd()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.stateAt(cc.input(), times, cc.layers().size()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.spikesUntil(cc.input(), 1.0, -1));
        assertThrows(IllegalArgumentException.class, () -> net.spikesUntil(cc.input(), Double.NaN));
    }
}
