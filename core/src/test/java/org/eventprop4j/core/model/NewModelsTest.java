package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.LongStream;

import org.eventprop4j.core.io.Models;
import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.EventCapExceededException;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.SimulationException;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in models FunkyNeuron, EIF, Izhikevich and ALIF: forward accuracy against independent references
 * (quadrature of {@code dt = dV / f(V)}, a bisection on the ALIF closed forms, a fine RK4 for Izhikevich, the LIF closed
 * form for ALIF with {@code beta = 0}), the tutorial's FunkyNeuron network, parameter ranges, resets that stay below
 * threshold at the corners of the valid ranges, and bad user models (NaN dynamics, initial state at threshold, a reset
 * above threshold) that fail with a clear message instead of hanging.
 */
class NewModelsTest {

    /** One neuron with one (silent) input channel and parameters {@code p}. */
    static FFEvNN single(NeuronModel m, double[] p, double tEnd, double step) {
        double[][] pp = new double[p.length][1];
        for (int k = 0; k < p.length; k++) {
            pp[k][0] = p[k];
        }
        return new FFEvNN(m, 1, List.of(new Layer(1, 1, new double[] {0.0}, pp)),
                SimOptions.of(tEnd).withSolverStepsize(step), 1);
    }

    static double[] defaults(NeuronModel m) {
        return m.params().stream().mapToDouble(ParamSpec::defaultValue).toArray();
    }

    static final double[][] NO_INPUT = {{}};

    /** Composite Simpson rule with {@code n} (even) intervals. */
    static double simpson(DoubleUnaryOperator f, double a, double b, int n) {
        double h = (b - a) / n;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    // ------------------------------------------------------------------------------------------------ FunkyNeuron

    @Test
    void funkyIsALifSubclassWithoutClosedForm() {
        FunkyNeuron m = new FunkyNeuron();
        assertInstanceOf(LIF.class, m);
        assertNull(m.closedForm(), "overriding dynamics must switch LIF's closed form off");
        assertNotNull(new LIF().closedForm());
        assertEquals("funky", m.name());
        assertEquals(List.of("V", "I"), m.channels());
        assertEquals(LIF.PARAMS, m.params());
    }

    @Test
    void funkyTutorialNetworkRunsAsWritten() {
        FFEvNN net = FFEvNN.builder(new FunkyNeuron()).layers(5).inSize(1).maxSolverTime(30.0).seed(0)
                .solverStepsize(0.001).maxEventSteps(2000).thresh(1.0).tsyn(5.0).tmem(20.0).initBias(0.1).wlim(2.0)
                .build();
        double[][] in = {{0.0, 0.5, 1.0, 1.5, 2.0}};
        double[] times = new double[1000];
        for (int i = 0; i < times.length; i++) {
            times[i] = 10.0 * i / 999;
        }
        double[][][] s = net.stateAt(in, times);
        assertEquals(5, s.length);
        assertEquals(1000, s[0].length);
        assertEquals(2, s[0][0].length);
        Trace tr = net.simulate(in);
        assertTrue(tr.output().size() > 0, "some tutorial neuron fires");
        for (double[][] neuron : s) {
            for (double[] y : neuron) {
                assertTrue(y[LIF.V] < 1.0 && Double.isFinite(y[LIF.I]), "A below thresh after every reset");
            }
        }
        // B (channel I) is the LIF current: sum of w e^{-(t - t_k)/5} over the inputs
        double[] w = net.layers().get(0).weights();
        for (int i = 0; i < 5; i++) {
            double b = 0;
            for (double tk : in[0]) {
                b += w[i] * Math.exp(-(10.0 - tk) / 5.0);
            }
            assertEquals(b, s[i][999][LIF.I], 1e-9, "B of neuron " + i + " at 10 ms");
        }
    }

    @Test
    void funkySpikeTimesMatchQuadrature() {
        // no input: B = 0, dA/dt = -(sin A + cos(bias)) tm; spikes every t* = int_0^thresh dA / (-(sin A + cos b) tm)
        double tm = 1.0;
        double bias = 2.5;
        double thresh = 0.8;
        FFEvNN net = single(new FunkyNeuron(), new double[] {5.0, tm, bias, thresh}, 10.0, 0.05);
        double period = simpson(a -> 1.0 / (-(Math.sin(a) + Math.cos(bias)) * tm), 0.0, thresh, 20000);
        double[] t = net.simulate(NO_INPUT).output().times();
        assertTrue(t.length >= 3, Arrays.toString(t));
        for (int k = 0; k < t.length; k++) {
            assertEquals((k + 1) * period, t[k], 1e-7 * (k + 1), "spike " + k);
        }
    }

    // ------------------------------------------------------------------------------------------------ EIF

    @Test
    void eifSpikeTimesMatchQuadrature() {
        double tm = 5.0;
        double bias = 1.2;
        double vt = 1.0;
        double dt = 0.2;
        double vpeak = 2.0;
        double vreset = 0.3;
        FFEvNN net = single(new EIF(), new double[] {5.0, tm, bias, vt, dt, vpeak, vreset}, 60.0, 0.1);
        DoubleUnaryOperator rate = v -> tm / (-v + dt * Math.exp((v - vt) / dt) + bias);
        double first = simpson(rate, 0.0, vpeak, 40000);
        double isi = simpson(rate, vreset, vpeak, 40000);
        double[] t = net.simulate(NO_INPUT).output().times();
        assertTrue(t.length >= 3, Arrays.toString(t));
        for (int k = 0; k < t.length; k++) {
            assertEquals(first + k * isi, t[k], 1e-7 * (k + 1), "spike " + k);
        }
    }

    @Test
    void eifIsSilentBelowRheobaseAndDefaultsAreConsistent() {
        double[] p = defaults(new EIF());
        p[EIF.BIAS] = 0.79;                     // rheobase v_t - delta_t = 0.8
        assertEquals(0, single(new EIF(), p, 500.0, 0.5).simulate(NO_INPUT).output().size());
        p[EIF.BIAS] = 0.81;
        assertTrue(single(new EIF(), p, 500.0, 0.5).simulate(NO_INPUT).output().size() > 0);
    }

    @Test
    void eifDynamicsStayFiniteFarBeyondThePeak() {
        EIF m = new EIF();
        double[] p = defaults(m);
        p[EIF.V_T] = 0.0;
        p[EIF.DELTA_T] = 0.1;
        double[] out = new double[2];
        for (double v : new double[] {2.0, 10.0, 100.0, 1e4, 1e8}) {
            m.dynamics(new double[] {v, 0.0}, p, out);
            assertTrue(Double.isFinite(out[EIF.V]), "dV/dt at V = " + v);
        }
        GradientField f = GradientField.getField(2 + p.length);
        Gradient[] y = MathArrays.buildArray(f, 2);
        Gradient[] pp = MathArrays.buildArray(f, p.length);
        y[0] = Gradient.variable(2 + p.length, 0, 1e6);
        y[1] = Gradient.variable(2 + p.length, 1, 0.0);
        for (int k = 0; k < p.length; k++) {
            pp[k] = Gradient.variable(2 + p.length, 2 + k, p[k]);
        }
        Gradient[] o = MathArrays.buildArray(f, 2);
        m.dynamics(y, pp, o);
        assertTrue(Double.isFinite(o[0].getValue()));
        for (double d : o[0].getGradient()) {
            assertTrue(Double.isFinite(d));
        }
    }

    // ------------------------------------------------------------------------------------------------ ALIF

    @Test
    void alifSpikeTimesMatchClosedFormRoots() {
        // no input: V(s) = b (1 - e^{-s/tm}) after each reset; A decays as e^{-s/ta} and jumps by beta per spike
        double tm = 10.0;
        double b = 1.5;
        double thr = 1.0;
        double ta = 30.0;
        double beta = 0.4;
        FFEvNN net = single(new ALIF(), new double[] {5.0, tm, b, thr, ta, beta}, 80.0, 0.1);
        double[] t = net.simulate(NO_INPUT).output().times();
        assertTrue(t.length >= 3, Arrays.toString(t));
        double a = 0.0;
        double last = 0.0;
        for (int k = 0; k < t.length; k++) {
            final double ak = a;
            DoubleUnaryOperator g = s -> b * (1 - Math.exp(-s / tm)) - thr - ak * Math.exp(-s / ta);
            double lo = 0.0;
            double hi = 200.0;
            for (int it = 0; it < 200; it++) {
                double mid = 0.5 * (lo + hi);
                if (g.applyAsDouble(mid) >= 0) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            double s = hi;
            assertEquals(last + s, t[k], 1e-7 * (k + 1), "spike " + k);
            last += s;
            a = a * Math.exp(-s / ta) + beta;
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 6);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void alifWithoutAdaptationEqualsClosedFormLif(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> lif = new ArrayList<>();
        List<Layer> alif = new ArrayList<>();
        int fan = 3;
        for (int n : new int[] {4, 2}) {
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = 0.5 + 2.0 * rng.nextDouble();
            }
            double[][] p = new double[6][n];
            for (int i = 0; i < n; i++) {
                p[ALIF.TAU_SYN][i] = 2 + 6 * rng.nextDouble();
                p[ALIF.TAU_MEM][i] = 5 + 20 * rng.nextDouble();
                p[ALIF.BIAS][i] = -0.2 + 1.5 * rng.nextDouble();
                p[ALIF.THRESH][i] = 0.6 + 0.6 * rng.nextDouble();
                p[ALIF.TAU_ADAPT][i] = 10 + 100 * rng.nextDouble();
                p[ALIF.BETA][i] = 0.0;
            }
            lif.add(new Layer(fan, n, w.clone(), Arrays.copyOf(p, 4)));
            alif.add(new Layer(fan, n, w, p));
            fan = n;
        }
        SimOptions o = SimOptions.of(40.0);
        double[][] in = new double[3][];
        for (int j = 0; j < 3; j++) {
            in[j] = new double[] {20 * rng.nextDouble(), 20 * rng.nextDouble()};
        }
        Trace a = new FFEvNN(new LIF(), 3, lif, o, 1).simulate(in);
        Trace b = new FFEvNN(new ALIF(), 3, alif, o, 1).simulate(in);
        assertTrue(a.spikes(0).size() > 0, "the hidden layer fires");
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(a.spikes(l).sources(), b.spikes(l).sources(), "layer " + l + " sources");
            assertArrayEquals(a.spikes(l).times(), b.spikes(l).times(), 1e-7, "layer " + l + " times");
        }
    }

    // ------------------------------------------------------------------------------------------------ Izhikevich

    /** Spike times of a single Izhikevich neuron with constant input, by RK4 with step {@code h} (reference). */
    static List<Double> izhikevichRk4(double[] p, double tEnd, double h) {
        double[] y = {p[Izhikevich.C], 0.0, p[Izhikevich.B] * p[Izhikevich.C]};
        List<Double> spikes = new ArrayList<>();
        double t = 0.0;
        while (t < tEnd) {
            double step = Math.min(h, tEnd - t);
            double[] next = rk4(y, p, step);
            if (next[Izhikevich.V] >= p[Izhikevich.V_PEAK]) {
                double lo = 0.0;
                double hi = step;
                for (int it = 0; it < 100; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (rk4(y, p, mid)[Izhikevich.V] >= p[Izhikevich.V_PEAK]) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                y = rk4(y, p, hi);
                t += hi;
                spikes.add(t);
                y[Izhikevich.V] = p[Izhikevich.C];
                y[Izhikevich.U] += p[Izhikevich.D];
            } else {
                y = next;
                t += step;
            }
        }
        return spikes;
    }

    static double[] rk4(double[] y, double[] p, double h) {
        double[] k1 = izh(y, p);
        double[] k2 = izh(axpy(y, k1, h / 2), p);
        double[] k3 = izh(axpy(y, k2, h / 2), p);
        double[] k4 = izh(axpy(y, k3, h), p);
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            out[c] = y[c] + h / 6 * (k1[c] + 2 * k2[c] + 2 * k3[c] + k4[c]);
        }
        return out;
    }

    static double[] axpy(double[] y, double[] k, double h) {
        double[] o = new double[3];
        for (int c = 0; c < 3; c++) {
            o[c] = y[c] + h * k[c];
        }
        return o;
    }

    /** The Izhikevich equations written out independently of the model class. */
    static double[] izh(double[] y, double[] p) {
        double v = y[0];
        double i = y[1];
        double u = y[2];
        return new double[] {0.04 * v * v + 5 * v + 140 - u + i + p[Izhikevich.BIAS], -i / p[Izhikevich.TAU_SYN],
            p[Izhikevich.A] * (p[Izhikevich.B] * v - u)};
    }

    @ParameterizedTest(name = "bias {0}")
    @ValueSource(doubles = {5.0, 10.0, 20.0})
    void izhikevichTonicSpikesMatchRk4(double bias) {
        double[] p = defaults(new Izhikevich());
        p[Izhikevich.BIAS] = bias;
        double[] t = single(new Izhikevich(), p, 100.0, 0.5).simulate(NO_INPUT).output().times();
        List<Double> ref = izhikevichRk4(p, 100.0, 1e-3);
        assertTrue(t.length >= 2, Arrays.toString(t));
        assertEquals(ref.size(), t.length, "spike count " + Arrays.toString(t) + " vs " + ref);
        for (int k = 0; k < t.length; k++) {
            assertEquals(ref.get(k), t[k], 1e-6, "spike " + k);
        }
    }

    @Test
    void izhikevichInitialStateAndRest() {
        Izhikevich m = new Izhikevich();
        double[] p = defaults(m);
        double[] y0 = new double[3];
        m.initState(p, y0);
        assertArrayEquals(new double[] {-65.0, 0.0, -13.0}, y0, 0.0);
        FFEvNN net = single(m, p, 200.0, 0.5);
        assertEquals(0, net.simulate(NO_INPUT).output().size(), "regular spiking neuron at rest stays silent");
        double[][][] s = net.stateAt(NO_INPUT, new double[] {0.0});
        assertArrayEquals(y0, s[0][0], 0.0);
        assertEquals(List.of("v", "I", "u"), m.channels());
        assertEquals(Izhikevich.I, m.inputChannel());
    }

    // ------------------------------------------------------------------------------------------------ ranges

    static void assertInvalid(NeuronModel m, String param, double value, String expectedRange) {
        double[] p = defaults(m);
        p[m.paramIndex(param)] = value;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> single(m, p, 10.0, 0.1));
        assertTrue(e.getMessage().contains(param) && e.getMessage().contains(expectedRange),
                "message \"" + e.getMessage() + "\" should name " + param + " and " + expectedRange);
    }

    @Test
    void parameterRangesAreEnforced() {
        assertInvalid(new EIF(), "delta_t", 0.05, "delta_t >= 0.1");
        assertInvalid(new EIF(), "v_t", -0.1, "v_t >= 0");
        assertInvalid(new EIF(), "v_peak", 1.0, "v_peak > 1");
        assertInvalid(new EIF(), "v_peak", 2.5, "v_peak <= 2");
        assertInvalid(new EIF(), "v_reset", 1.5, "v_reset <= 1");
        assertInvalid(new EIF(), "tau_mem", 0.0, "tau_mem > 0");
        assertInvalid(new ALIF(), "beta", -0.1, "beta >= 0");
        assertInvalid(new ALIF(), "tau_adapt", 0.0, "tau_adapt > 0");
        assertInvalid(new ALIF(), "thresh", 0.0, "thresh > 0");
        assertInvalid(new Izhikevich(), "c", 1.0, "c <= 0");
        assertInvalid(new Izhikevich(), "a", 0.0, "a > 0");
        assertInvalid(new Izhikevich(), "v_peak", 0.0, "v_peak > 0");
        assertInvalid(new Izhikevich(), "tau_syn", -1.0, "tau_syn > 0");
        assertInvalid(new FunkyNeuron(), "thresh", -1.0, "thresh > 0");
        assertInvalid(new Izhikevich(), "d", Double.NaN, "d");
    }

    @Test
    void trainableFlags() {
        assertTrue(new ALIF().params().stream().allMatch(ParamSpec::trainable));
        assertTrue(new FunkyNeuron().params().stream().allMatch(ParamSpec::trainable));
        for (NeuronModel m : List.of(new EIF(), new Izhikevich())) {
            for (ParamSpec p : m.params()) {
                assertEquals(!p.name().equals("v_peak"), p.trainable(), m.name() + " " + p.name());
            }
        }
    }

    /**
     * Corners of the valid ranges (reset right under the spike condition, no adaptation, tiny thresholds) under strong
     * drive: never a "reset leaves the neuron above threshold" error and never a hang; at worst the event cap.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void resetsStayBelowThresholdAtTheCornersOfTheValidRanges(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FFEvNN> nets = List.of(
                single(new EIF(), new double[] {5, 1 + 20 * r.nextDouble(), 3 * r.nextDouble(), 2 * r.nextDouble(),
                    0.1 + 0.4 * r.nextDouble(), 1.0 + 1e-3 + r.nextDouble(), 1.0 - 0.1 * r.nextDouble()}, 5.0, 0.1),
                single(new ALIF(), new double[] {5, 1 + 20 * r.nextDouble(), 5 * r.nextDouble(),
                    1e-3 + 0.1 * r.nextDouble(), 1 + 100 * r.nextDouble(), 0.0}, 5.0, 0.1),
                single(new Izhikevich(), new double[] {5, 20 * r.nextDouble(), 0.001 + 0.2 * r.nextDouble(),
                    -1 + 2 * r.nextDouble(), -1e-3 * r.nextDouble(), -5 + 10 * r.nextDouble(),
                    1e-3 + r.nextDouble()}, 5.0, 0.1),
                single(new FunkyNeuron(), new double[] {5, 0.5 + 20 * r.nextDouble(), 2.2 + 1.5 * r.nextDouble(),
                    1e-3 + 0.5 * r.nextDouble()}, 5.0, 0.05));
        for (FFEvNN net : nets) {
            FFEvNN capped = net.withOptions(net.options().withMaxEventSteps(2000), 1);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try {
                    Trace tr = capped.simulate(new double[][] {{0.0}});
                    assertTrue(tr.output().size() >= 0);
                } catch (EventCapExceededException e) {
                    assertTrue(e.getMessage().contains("maxEventSteps"), e.getMessage());
                }
            }, net.model().name());
        }
    }

    // ------------------------------------------------------------------------------------------------ bad models

    /** The tutorial's way of writing a model, with dynamics that become NaN once A exceeds 0.5. */
    static final class NanFunky extends LIF {
        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[V].negate().add(0.5).sqrt().add(y[I]).add(p[BIAS]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    @Test
    void nanDynamicsOfALifSubclassAreReported() {
        FFEvNN net = single(new NanFunky(), new double[] {5, 20, 1.0, 1.0}, 10.0, 0.1);
        SimulationException e = assertThrows(SimulationException.class, () -> net.simulate(NO_INPUT));
        assertTrue(e.getMessage().contains("dynamics returned NaN"), e.getMessage());
    }

    /** Three channels; starts with V at its threshold. */
    static final class StartsAtThreshold extends NeuronModel {
        StartsAtThreshold() {
            super("starts-at-threshold", List.of("V", "I", "A"), ALIF.PARAMS);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void initState(T[] p, T[] out) {
            out[0] = p[ALIF.THRESH];
            out[1] = p[0].getField().getZero();
            out[2] = p[0].getField().getZero();
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            new ALIF().dynamics(y, p, out);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return new ALIF().spikeCondition(y, p);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            new ALIF().resetSpiked(y, p, out);
        }
    }

    @Test
    void initialStateAtThresholdIsReported() {
        FFEvNN net = single(new StartsAtThreshold(), defaults(new ALIF()), 10.0, 0.1);
        SimulationException e = assertThrows(SimulationException.class, () -> net.simulate(NO_INPUT));
        assertTrue(e.getMessage().contains("initial state") && e.getMessage().contains("at or above threshold"),
                e.getMessage());
    }

    /** ALIF-like, but the reset lowers the adaptive threshold below V (beta is subtracted twice the threshold). */
    static final class ResetAboveThreshold extends NeuronModel {
        ResetAboveThreshold() {
            super("reset-above", List.of("V", "I", "A"), ALIF.PARAMS);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            new ALIF().dynamics(y, p, out);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return new ALIF().spikeCondition(y, p);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            System.arraycopy(y, 0, out, 0, y.length);
            out[ALIF.A] = y[ALIF.A].subtract(p[ALIF.THRESH].multiply(2.0));
        }
    }

    @Test
    void resetAboveThresholdIsAnErrorNotAHang() {
        FFEvNN net = single(new ResetAboveThreshold(), new double[] {5, 10, 1.5, 1.0, 100, 0.5}, 50.0, 0.1);
        SimulationException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(SimulationException.class, () -> net.simulate(NO_INPUT)));
        assertTrue(e.getMessage().contains("re-fire forever"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ registry

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"funky", "eif", "izhikevich", "alif"})
    void registeredAndRoundTripThroughNetJson(String name) {
        NeuronModel m = Models.byName(name);
        assertEquals(name, m.name());
        assertTrue(Models.names().contains(name));
        double[][] p = new double[m.params().size()][2];
        for (int k = 0; k < p.length; k++) {
            Arrays.fill(p[k], m.params().get(k).defaultValue());
        }
        FFEvNN net = new FFEvNN(m, 2, List.of(new Layer(2, 2, new double[] {1, 2, 3, 4}, p)), SimOptions.of(20.0),
                1);
        FFEvNN back = NetJson.parse(NetJson.toJson(net), "net.json", 1);
        assertEquals(m.getClass(), back.model().getClass());
        assertEquals(net.layers(), back.layers());
        assertNull(back.model().closedForm());
    }
}
