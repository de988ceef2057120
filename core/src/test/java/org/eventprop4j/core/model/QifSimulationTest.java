package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.net.OdeReference;
import org.eventprop4j.core.net.RandomNets;
import org.eventprop4j.core.sim.LayerTrace;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** QIF (theta form) simulated numerically: closed-form bias-only train, independent ODE reference, window. */
class QifSimulationTest {

    @Test
    void qifHasNoClosedForm() {
        assertNull(new QIF().closedForm());
    }

    static Stream<Arguments> biasCases() {
        return Stream.of(
                Arguments.of(1.0, 20.0),
                Arguments.of(0.25, 10.0),
                Arguments.of(2.5, 5.0),
                Arguments.of(0.04, 3.0),
                Arguments.of(9.0, 30.0));
    }

    /**
     * Constant bias b > 0, no input: spikes at {@code (k + 1/2) pi tau_mem / sqrt(b)} for k = 0..3 (window of four
     * periods, so exactly four spikes), to 1e-7 ms; theta is -1 right after each spike and the state before the spike
     * is at theta = 1.
     */
    @ParameterizedTest(name = "bias {0}, tau_mem {1}")
    @MethodSource("biasCases")
    void biasOnlySpikeTrain(double b, double tm) {
        double period = Math.PI * tm / Math.sqrt(b);
        double tEnd = 4.0 * period;
        Layer layer = new Layer(1, 1, new double[] {0.0}, new double[][] {{5.0}, {tm}, {b}});
        FFEvNN net = new FFEvNN(new QIF(), 1, List.of(layer), SimOptions.of(tEnd), 1);
        Trace tr = net.simulate(new double[][] {{}});
        Spikes out = tr.output();
        assertEquals(4, out.size(), "spikes " + out);
        for (int k = 0; k < 4; k++) {
            assertEquals((k + 0.5) * period, out.times()[k], 1e-7, "spike " + k);
            assertEquals(1.0, tr.layers().get(0).preSpikeState(k)[QIF.THETA], 1e-9, "theta before spike " + k);
        }
        // right-continuous state: at a spike time theta is already reset to -1
        double[][][] st = net.stateAt(new double[][] {{}}, new double[] {out.times()[1], 0.0});
        assertEquals(-1.0, st[0][0][QIF.THETA], 1e-12, "theta at a spike time (after reset)");
        assertEquals(0.0, st[0][1][QIF.THETA], 0.0, "theta(0)");
    }

    /** With V = tan(pi theta / 2) = sqrt(b) tan(sqrt(b) t / tm) before the first spike: check the theta trajectory. */
    @Test
    void biasOnlyThetaTrajectory() {
        double b = 0.49;
        double tm = 12.0;
        double period = Math.PI * tm / Math.sqrt(b);
        Layer layer = new Layer(1, 1, new double[] {0.0}, new double[][] {{5.0}, {tm}, {b}});
        FFEvNN net = new FFEvNN(new QIF(), 1, List.of(layer), SimOptions.of(period), 1);
        double[] ts = {0.0, 3.0, 10.0, 20.0, 0.45 * period};
        double[][][] st = net.stateAt(new double[][] {{}}, ts);
        for (int q = 0; q < ts.length; q++) {
            double v = Math.sqrt(b) * Math.tan(Math.sqrt(b) * ts[q] / tm);
            double theta = 2.0 / Math.PI * Math.atan(v);
            assertEquals(theta, st[0][q][QIF.THETA], 1e-9, "theta at " + ts[q]);
        }
    }

    static Stream<Long> seeds() {
        return RandomNets.seeds(12).boxed();
    }

    /**
     * Random 1-2 layer QIF networks agree with an independent DP853 integration of the theta ODE
     * ({@link OdeReference}, tolerance 1e-13) to 1e-7 ms, with identical spike counts; spikes are sorted, in [0, T]
     * and theta is 1 just before each. Spikes within 1e-6 ms of T are ambiguous and skipped (theta crosses 1 with
     * slope 2 / (pi tau_mem), so there is no grazing otherwise).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomNetworksAgreeWithIndependentIntegration(long seed) {
        RandomNets.NetCase c = RandomNets.qif(seed);
        Trace tr = c.net(1).simulate(c.input());
        List<OdeReference.LayerResult> ref = OdeReference.qif().run(c.inSize(), c.layers(), c.input(), c.tEnd());
        int compared = 0;
        for (int l = 0; l < c.layers().size(); l++) {
            int n = c.layers().get(l).size();
            LayerTrace lt = tr.layers().get(l);
            Spikes s = lt.output();
            for (int k = 0; k < s.size(); k++) {
                assertTrue(s.times()[k] >= 0 && s.times()[k] <= c.tEnd(), c + ": spike out of window " + s);
                assertTrue(k == 0 || s.times()[k] >= s.times()[k - 1], c + ": unsorted " + s);
                assertEquals(1.0, lt.preSpikeState(k)[QIF.THETA], 1e-9, c + ": theta before spike " + k);
            }
            double[][] got = s.perSource(n);
            for (int i = 0; i < n; i++) {
                if (ref.get(l).ambiguous()[i]) {
                    continue;
                }
                double[] want = ref.get(l).spikes()[i];
                String where = c + ": layer " + l + " neuron " + i + " sim " + java.util.Arrays.toString(got[i])
                        + " ref " + java.util.Arrays.toString(want);
                assertEquals(want.length, got[i].length, "spike count, " + where);
                for (int q = 0; q < want.length; q++) {
                    assertEquals(want[q], got[i][q], 1e-7, "spike " + q + ", " + where);
                }
                compared += want.length;
            }
        }
        assertTrue(compared > 0, c + ": no spike compared");
    }
}
