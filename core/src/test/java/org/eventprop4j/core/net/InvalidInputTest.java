package org.eventprop4j.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.sim.EventCapExceededException;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.SimulationException;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input at the Java API is rejected with an exception whose message names the problem. */
class InvalidInputTest {

    static <E extends Throwable> E assertMessage(Class<E> type, Executable ex, String... fragments) {
        E e = assertThrows(type, ex);
        String m = String.valueOf(e.getMessage());
        for (String f : fragments) {
            assertTrue(m.contains(f), "message \"" + m + "\" should mention \"" + f + "\"");
        }
        return e;
    }

    static Layer lifLayer(int fanIn, int size, double w, double ts, double tm, double b, double th) {
        double[] ws = new double[fanIn * size];
        java.util.Arrays.fill(ws, w);
        double[][] p = new double[4][size];
        java.util.Arrays.fill(p[LIF.TAU_SYN], ts);
        java.util.Arrays.fill(p[LIF.TAU_MEM], tm);
        java.util.Arrays.fill(p[LIF.BIAS], b);
        java.util.Arrays.fill(p[LIF.THRESH], th);
        return new Layer(fanIn, size, ws, p);
    }

    static FFEvNN lifNet(Layer... layers) {
        return new FFEvNN(new LIF(), layers[0].fanIn(), List.of(layers), SimOptions.of(50.0), 1);
    }

    // ------------------------------------------------------------------ input spikes

    @Test
    void wrongNumberOfInputChannels() {
        FFEvNN net = lifNet(lifLayer(3, 2, 1.0, 5, 20, 0, 1));
        assertMessage(IllegalArgumentException.class, () -> net.simulate(new double[][] {{1.0}, {2.0}}),
                "expected 3 channels", "got 2");
        assertMessage(IllegalArgumentException.class,
                () -> net.simulate(new double[][] {{1.0}, {2.0}, {3.0}, {4.0}}), "expected 3 channels", "got 4");
        assertMessage(IllegalArgumentException.class,
                () -> net.simulateBatch(List.of(new double[][] {{1.0}, {}, {}}, new double[][] {{1.0}})),
                "expected 3 channels", "got 1");
        assertMessage(IllegalArgumentException.class, () -> net.simulate(new double[][] {{1.0}, null, {}}),
                "channel 1", "null");
    }

    @Test
    void nanInputTime() {
        FFEvNN net = lifNet(lifLayer(2, 2, 1.0, 5, 20, 0, 1));
        assertMessage(IllegalArgumentException.class,
                () -> net.simulate(new double[][] {{1.0}, {3.0, Double.NaN}}), "channel 1", "NaN");
        assertMessage(IllegalArgumentException.class,
                () -> net.stateAt(new double[][] {{Double.NaN}, {}}, new double[] {1.0}), "NaN");
    }

    @Test
    void negativeInputTime() {
        FFEvNN net = lifNet(lifLayer(2, 2, 1.0, 5, 20, 0, 1));
        assertMessage(IllegalArgumentException.class,
                () -> net.simulate(new double[][] {{1.0, -0.5}, {}}), "channel 0", "negative", "-0.5");
        assertMessage(IllegalArgumentException.class,
                () -> net.simulate(new double[][] {{Double.NEGATIVE_INFINITY}, {}}), "negative");
        assertMessage(IllegalArgumentException.class,
                () -> net.firstSpikeTimes(new double[][] {{}, {-1e-300}}), "negative");
    }

    /** -0.0 is zero, not negative; times beyond T are ignored (not counted), a time of exactly T counts. */
    @Test
    void edgeTimesOfTheWindow() {
        FFEvNN net = lifNet(lifLayer(2, 3, 2.0, 5, 20, 0.5, 1));
        Trace zero = net.simulate(new double[][] {{0.0, 7.0}, {}});
        Trace negZero = net.simulate(new double[][] {{-0.0, 7.0}, {}});
        assertEquals(zero.output(), negZero.output());
        Trace withLate = net.simulate(new double[][] {{0.0, 7.0}, {50.0 + 1e-9, 1e9, Double.POSITIVE_INFINITY}});
        assertEquals(zero.output(), withLate.output());
        assertEquals(zero.events(), withLate.events(), "inputs after T are not events");
        Trace withEnd = net.simulate(new double[][] {{0.0, 7.0}, {50.0}});
        assertEquals(zero.events() + 1, withEnd.events(), "an input at exactly T is inside the window");
        assertEquals(zero.output(), withEnd.output(), "an input at T cannot cause a LIF spike (V is continuous)");
    }

    @Test
    void unsortedOrInvalidSpikes() {
        assertMessage(IllegalArgumentException.class, () -> new Spikes(new double[] {2.0, 1.0}, new int[] {0, 1}),
                "sorted");
        assertMessage(IllegalArgumentException.class, () -> new Spikes(new double[] {Double.NaN}, new int[] {0}),
                "NaN");
        assertMessage(IllegalArgumentException.class, () -> new Spikes(new double[] {-1.0}, new int[] {0}),
                "non-negative");
        assertMessage(IllegalArgumentException.class, () -> new Spikes(new double[] {1.0}, new int[] {0, 1}),
                "length");
        FFEvNN net = lifNet(lifLayer(2, 2, 1.0, 5, 20, 0, 1));
        assertMessage(IllegalArgumentException.class,
                () -> net.simulate(new Spikes(new double[] {1.0, 2.0}, new int[] {0, 2})), "source 2", "inSize 2");
    }

    // ------------------------------------------------------------------ parameters

    @Test
    void nonFiniteWeight() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Layer l = lifLayer(2, 3, 1.0, 5, 20, 0, 1);
            l.weights()[1 * 3 + 2] = bad;
            assertMessage(IllegalArgumentException.class, () -> lifNet(l), "layer 0", "weight[1][2]",
                    String.valueOf(bad));
        }
        // second layer, and re-validation after an in-place update
        FFEvNN net = lifNet(lifLayer(2, 3, 1.0, 5, 20, 0, 1), lifLayer(3, 2, 1.0, 5, 20, 0, 1));
        net.layers().get(1).weights()[0] = Double.NaN;
        assertMessage(IllegalArgumentException.class, net::validate, "layer 1", "weight[0][0]", "NaN");
        assertMessage(IllegalArgumentException.class, () -> FFEvNN.builder(new LIF()).layers(2).inSize(2)
                .maxSolverTime(10).wmean(Double.NaN).build(), "wmean");
    }

    @Test
    void nonPositiveTimeConstants() {
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage(IllegalArgumentException.class, () -> lifNet(lifLayer(2, 2, 1.0, 5, bad, 0, 1)),
                    "tau_mem", "tau_mem > 0", "layer 0 neuron 0");
            assertMessage(IllegalArgumentException.class, () -> lifNet(lifLayer(2, 2, 1.0, bad, 20, 0, 1)),
                    "tau_syn", "tau_syn > 0");
            assertMessage(IllegalArgumentException.class,
                    () -> FFEvNN.builder(new LIF()).layers(3).inSize(2).maxSolverTime(10).tmem(bad).build(),
                    "tau_mem");
            assertMessage(IllegalArgumentException.class,
                    () -> FFEvNN.builder(new QIF()).layers(3).inSize(2).maxSolverTime(10).tsyn(bad).build(),
                    "tau_syn");
        }
        // per-neuron value in the second layer
        assertMessage(IllegalArgumentException.class, () -> FFEvNN.builder(new LIF()).layers(3, 2).inSize(2)
                .maxSolverTime(10).param("tau_mem", 1, new double[] {20.0, -3.0}).build(),
                "tau_mem", "layer 1 neuron 1", "-3.0");
    }

    @Test
    void nonPositiveOrNonFiniteLifParameters() {
        for (double bad : new double[] {0.0, -0.5}) {
            assertMessage(IllegalArgumentException.class, () -> lifNet(lifLayer(2, 2, 1.0, 5, 20, 0, bad)),
                    "thresh", "thresh > 0");
            assertMessage(IllegalArgumentException.class,
                    () -> FFEvNN.builder(new LIF()).layers(3).inSize(2).maxSolverTime(10).thresh(bad).build(),
                    "thresh");
        }
        assertMessage(IllegalArgumentException.class, () -> lifNet(lifLayer(2, 2, 1.0, 5, 20, Double.NaN, 1)),
                "bias");
    }

    @Test
    void unknownParameterName() {
        assertMessage(IllegalArgumentException.class, () -> FFEvNN.builder(new LIF()).param("tau_foo", 1.0),
                "tau_foo", "lif", "tau_mem");
        assertMessage(IllegalArgumentException.class,
                () -> FFEvNN.builder(new LIF()).param("bais", 0, new double[] {1.0}), "bais");
        // QIF has no threshold
        assertMessage(IllegalArgumentException.class, () -> FFEvNN.builder(new QIF()).thresh(1.0), "thresh",
                "qif");
    }

    @Test
    void shapeProblems() {
        assertMessage(IllegalArgumentException.class, () -> new Layer(2, 3, new double[5], new double[4][3]),
                "weights", "2 x 3", "5");
        assertMessage(IllegalArgumentException.class, () -> new Layer(2, 3, new double[6], new double[][] {{1, 2}}),
                "one value per neuron");
        assertMessage(IllegalArgumentException.class,
                () -> lifNet(lifLayer(2, 3, 1.0, 5, 20, 0, 1), lifLayer(4, 2, 1.0, 5, 20, 0, 1)), "layer 1",
                "fan-in 4", "3");
        assertMessage(IllegalArgumentException.class, () -> new FFEvNN(new QIF(), 2,
                List.of(lifLayer(2, 2, 1.0, 5, 20, 0, 1)), SimOptions.of(10), 1), "parameter arrays", "qif");
        assertMessage(IllegalArgumentException.class, () -> FFEvNN.builder(new LIF()).layers(3, 2).inSize(2)
                .maxSolverTime(10).param("bias", 0, new double[] {1.0, 2.0}).build(), "bias", "layer 0", "3");
        assertMessage(IllegalArgumentException.class, () -> FFEvNN.builder(new LIF()).layers(3).inSize(2)
                .maxSolverTime(10).param("bias", 4, new double[] {1.0}).build(), "no layer 4");
        assertMessage(IllegalArgumentException.class,
                () -> FFEvNN.builder(new LIF()).layers(3).inSize(2).build(), "maxSolverTime");
        assertMessage(IllegalArgumentException.class, () -> SimOptions.of(-1.0), "maxSolverTime");
        assertMessage(IllegalArgumentException.class, () -> SimOptions.of(Double.POSITIVE_INFINITY),
                "maxSolverTime");
        assertMessage(IllegalArgumentException.class, () -> SimOptions.of(10).withMaxEventSteps(0),
                "maxEventSteps");
    }

    // ------------------------------------------------------------------ runaway simulations

    /** LIF with bias 1e6 fires every ~2e-5 ms: over T = 1000 ms the event cap must stop it, quickly. */
    @Test
    void eventCapExceededFailsFast() {
        FFEvNN net = FFEvNN.builder(new LIF()).layers(1).inSize(1).maxSolverTime(1000.0).initBias(1e6).threads(1)
                .build();
        EventCapExceededException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(EventCapExceededException.class, () -> net.simulate(new double[][] {{}})));
        assertTrue(e.getMessage().contains("maxEventSteps"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(SimOptions.DEFAULT_MAX_EVENT_STEPS)), e.getMessage());
        // in a batch, on several threads, too
        FFEvNN two = net.withOptions(net.options(), 2);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertMessage(EventCapExceededException.class,
                () -> two.simulateBatch(List.of(new double[][] {{}}, new double[][] {{1.0}}, new double[][] {{}})),
                "maxEventSteps"));
    }

    @Test
    void smallEventCapCountsInputsAndSpikes() {
        FFEvNN net = FFEvNN.builder(new LIF()).layers(2).inSize(1).maxSolverTime(100.0).initBias(1.5)
                .maxEventSteps(5).threads(1).build(); // each neuron spikes 4 times in 100 ms: 8 events
        assertMessage(EventCapExceededException.class, () -> net.simulate(new double[][] {{}}),
                "maxEventSteps = 5", "layer 0, neuron 1");
        double[] many = new double[6];
        assertMessage(EventCapExceededException.class, () -> net.simulate(new double[][] {many}),
                "maxEventSteps = 5", "input spikes");
        FFEvNN ok = net.withOptions(net.options().withMaxEventSteps(8), 1);
        assertEquals(8, ok.simulate(new double[][] {{}}).events());
    }

    /** A test-only model: V rises at 1/tau per ms, spikes at V = 1, and its reset leaves V = 2 (above threshold). */
    static final class StuckAboveThreshold extends NeuronModel {
        StuckAboveThreshold() {
            super("stuck", List.of("V", "I"), List.of(ParamSpec.timeConstant("tau", 10.0)));
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[0] = p[0].reciprocal();
            out[1] = y[1].multiply(0.0);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return y[0].subtract(1.0);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            System.arraycopy(y, 0, out, 0, y.length);
            out[0] = y[0].getField().getOne().multiply(2.0);
        }
    }

    @Test
    void resetAboveThresholdIsReported() {
        FFEvNN net = new FFEvNN(new StuckAboveThreshold(), 1, List.of(new Layer(1, 1, new double[] {0.0},
                new double[][] {{10.0}})), SimOptions.of(50.0), 1);
        SimulationException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(SimulationException.class, () -> net.simulate(new double[][] {{}})));
        String m = e.getMessage();
        assertTrue(m.contains("re-fire") && m.contains("reset"), m);
        assertTrue(m.contains("stuck"), "names the model: " + m);
    }

    /** A test-only model whose dynamics return NaN once V exceeds {@code nanAbove}. */
    static final class NanDynamics extends NeuronModel {
        private final double nanAbove;

        NanDynamics(double nanAbove) {
            super("nanny", List.of("V", "I"), List.of(ParamSpec.timeConstant("tau", 10.0)));
            this.nanAbove = nanAbove;
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[0] = y[0].getReal() >= nanAbove ? y[0].multiply(Double.NaN) : p[0].reciprocal().add(y[1]);
            out[1] = y[1].negate().divide(p[0]);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return y[0].subtract(1.0);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            System.arraycopy(y, 0, out, 0, y.length);
            out[0] = y[0].getField().getZero();
        }
    }

    @Test
    void nanDynamicsAreReported() {
        for (double nanAbove : new double[] {Double.NEGATIVE_INFINITY, 0.5}) {
            FFEvNN net = new FFEvNN(new NanDynamics(nanAbove), 1, List.of(new Layer(1, 2, new double[] {0.3, 0.3},
                    new double[][] {{10.0, 10.0}})), SimOptions.of(50.0), 1);
            SimulationException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(SimulationException.class, () -> net.simulate(new double[][] {{2.0}})));
            String m = e.getMessage();
            assertTrue(m.contains("NaN") && m.contains("dynamics") && m.contains("nanny"), m);
        }
    }

    /** A test-only model that starts at its threshold. */
    static final class StartsAboveThreshold extends NeuronModel {
        StartsAboveThreshold() {
            super("eager", List.of("V"), List.of());
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[0] = y[0].multiply(0.0);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return y[0].add(1.0);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            out[0] = y[0].subtract(5.0);
        }
    }

    @Test
    void initialStateAboveThresholdIsReported() {
        FFEvNN net = new FFEvNN(new StartsAboveThreshold(), 1, List.of(new Layer(1, 1, new double[] {0.0},
                new double[0][])), SimOptions.of(10.0), 1);
        assertMessage(SimulationException.class, () -> net.simulate(new double[][] {{}}), "initial state",
                "threshold", "eager");
    }
}
