package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The fast path's compiled programs against the generic methods: values against boxed evaluation, vector-Jacobian
 * products (symbolic reverse mode) against Hipparchus forward-mode AD, for every built-in model and for a 3-channel
 * model that uses most operations, at seeded random points.
 */
class TracedModelTest {

    /** A 3-channel model using most traceable operations (a user's model, defined here). */
    static final class Kitchen extends NeuronModel {
        Kitchen() {
            super("kitchen", List.of("a", "b", "c"), List.of(ParamSpec.timeConstant("tau", 3.0),
                    ParamSpec.real("k", 0.3), ParamSpec.positive("s", 1.5)));
        }

        @Override
        public <T extends CalculusFieldElement<T>> void initState(T[] p, T[] out) {
            out[0] = p[1].multiply(0.1);
            out[1] = p[2].log();
            out[2] = p[0].reciprocal();
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            T a = y[0];
            T b = y[1];
            T c = y[2];
            out[0] = a.sin().add(b.multiply(c).tanh()).subtract(a.divide(p[0])).add(p[1].atan());
            out[1] = b.exp().log1p().negate().add(a.multiply(a).add(1.0).sqrt()).multiply(p[2].pow(0.5));
            out[2] = ModelMath.max(c.negate(), a.cos().multiply(p[1])).add(b.abs().expm1().multiply(0.01))
                    .add(a.hypot(b).divide(p[0])).subtract(c.cbrt().multiply(0.1)).add(b.atan2(p[2]))
                    .add(a.multiply(a).add(1.0).pow(p[2].multiply(0.1))).add(ModelMath.min(b, 0.5)).add(a.pow(3));
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return y[0].multiply(y[2]).subtract(p[2]);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void inputSpike(T[] y, T w, T[] p, T[] out) {
            out[0] = y[0];
            out[1] = y[1].add(w.multiply(p[1].cosh()));
            out[2] = y[2].add(w.multiply(w).multiply(0.1));
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            out[0] = y[0].multiply(0.0).subtract(p[2]);
            out[1] = y[1];
            out[2] = y[2].multiply(p[1].sinh().add(1.0));
        }
    }

    static Stream<Arguments> models() {
        List<Supplier<NeuronModel>> ms = List.of(QIF::new, EIF::new, Izhikevich::new, ALIF::new, FunkyNeuron::new,
                LIF::new, Kitchen::new);
        List<Arguments> out = new ArrayList<>();
        long seed = 11;
        for (Supplier<NeuronModel> m : ms) {
            out.add(Arguments.of(m.get(), seed++));
        }
        return out.stream();
    }

    private static void close(double expected, double actual, double tol, String what) {
        double scale = Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol * scale, what + ": expected " + expected + ", got " + actual);
    }

    private static void closeAll(double[] e, double[] a, double tol, String what) {
        for (int i = 0; i < e.length; i++) {
            close(e[i], a[i], tol, what + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("models")
    void compiledProgramsMatchGenericEvaluationAndAd(NeuronModel m, long seed) {
        assertNull(m.traceFailure(), "model should be traceable");
        ModelEvaluator fast = m.newEvaluator();
        ModelEvaluator interp = m.tracedModel().newInterpretingEvaluator();
        ModelEvaluator ref = new GenericEvaluator(m);
        assertTrue(fast.traced());
        SplittableRandom rng = new SplittableRandom(seed);
        int nc = m.channelCount();
        int np = m.params().size();
        for (int trial = 0; trial < 50; trial++) {
            double[] y = new double[nc];
            double[] p = new double[np];
            double[] lam = new double[nc];
            for (int i = 0; i < nc; i++) {
                y[i] = rng.nextDouble(-0.9, 0.9);
                lam[i] = rng.nextDouble(-2, 2);
            }
            for (int k = 0; k < np; k++) {
                ParamSpec s = m.params().get(k);
                double d = s.defaultValue();
                p[k] = d + (d == 0 ? 0.3 : 0.2 * Math.abs(d)) * rng.nextDouble(-1, 1);
                if (!s.isValid(p[k])) {
                    p[k] = d;
                }
            }
            double w = rng.nextDouble(-1, 2);
            for (ModelEvaluator ev : new ModelEvaluator[] {fast, interp}) {
                String at = m.name() + " trial " + trial + (ev == fast ? " compiled" : " interpreted");
                double[] e = new double[nc];
                double[] a = new double[nc];
                ref.dynamics(y, p, e);
                ev.dynamics(y, p, a);
                closeAll(e, a, 1e-13, at + " f");
                close(ref.condition(y, p), ev.condition(y, p), 1e-14, at + " g");
                ref.input(y, w, p, e);
                ev.input(y, w, p, a);
                closeAll(e, a, 1e-14, at + " h");
                ref.reset(y, p, e);
                ev.reset(y, p, a);
                closeAll(e, a, 1e-14, at + " r");
                ref.init(p, e);
                ev.init(p, a);
                closeAll(e, a, 1e-14, at + " y0");
                double[] ey = new double[nc];
                double[] ep = new double[np];
                double[] ay = new double[nc];
                double[] ap = new double[np];
                ref.dynamicsVjp(y, p, lam, ey, ep);
                ev.dynamicsVjp(y, p, lam, ay, ap);
                closeAll(ey, ay, 1e-12, at + " f_y^T lam");
                closeAll(ep, ap, 1e-12, at + " f_p^T lam");
                ev.dynamicsVjpState(y, p, lam, ay);
                closeAll(ey, ay, 1e-12, at + " f_y^T lam (state alone)");
                ref.conditionGrad(y, p, ey, ep);
                ev.conditionGrad(y, p, ay, ap);
                closeAll(ey, ay, 1e-13, at + " g_y");
                closeAll(ep, ap, 1e-13, at + " g_p");
                double ew = ref.inputVjp(y, w, p, lam, ey, ep);
                double aw = ev.inputVjp(y, w, p, lam, ay, ap);
                close(ew, aw, 1e-13, at + " h_w . lam");
                closeAll(ey, ay, 1e-13, at + " h_y^T lam");
                closeAll(ep, ap, 1e-13, at + " h_p^T lam");
                ref.resetVjp(y, p, lam, ey, ep);
                ev.resetVjp(y, p, lam, ay, ap);
                closeAll(ey, ay, 1e-13, at + " r_y^T lam");
                closeAll(ep, ap, 1e-13, at + " r_p^T lam");
                ref.initVjp(p, lam, ep);
                ev.initVjp(p, lam, ap);
                closeAll(ep, ap, 1e-13, at + " y0_p^T lam");
            }
        }
    }

    /** A model that branches on a value: not traceable, runs on the generic path. */
    static final class Branchy extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            T leak = y[V].getReal() > 0 ? y[V] : y[V].multiply(0.5);
            out[V] = y[I].add(p[BIAS]).subtract(leak).divide(p[TAU_MEM]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    @Test
    void modelThatBranchesOnValuesFallsBackToTheGenericPathAndStillSimulates() {
        Branchy m = new Branchy();
        assertNotNull(m.traceFailure());
        assertTrue(m.traceFailure().contains("getReal"), m.traceFailure());
        assertFalse(m.newEvaluator().traced());
        FFEvNN net = FFEvNN.builder(m).layers(3).inSize(1).maxSolverTime(30).seed(1).gaussianWeights(0, 8.0, 0.1)
                .build();
        Trace t = net.simulate(new double[][] {{1.0}});
        FFEvNN lif = FFEvNN.builder(new LIF()).layers(3).inSize(1).maxSolverTime(30).seed(1)
                .gaussianWeights(0, 8.0, 0.1).build();
        Trace tl = lif.simulate(new double[][] {{1.0}});
        // V stays positive here, so the branch takes LIF's leak: the same spikes as LIF's closed form
        assertTrue(tl.output().size() > 0);
        assertEquals(tl.output().size(), t.output().size());
        for (int i = 0; i < t.output().size(); i++) {
            assertEquals(tl.output().times()[i], t.output().times()[i], 1e-7);
        }
    }

    /** QIF with other dynamics: QIF's silence test must not apply to it. */
    static final class FastQif extends QIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            super.dynamics(y, p, out);
            out[THETA] = out[THETA].multiply(10.0);
        }
    }

    @Test
    void silenceTestIsNotInheritedByAModelWithOtherEquations() {
        double[] p = {5.0, 20.0, -0.5};
        double[] y = {-0.3, 0.0};
        assertTrue(new QIF().provablySilent(y, p, Double.POSITIVE_INFINITY));
        assertFalse(new FastQif().provablySilent(y, p, Double.POSITIVE_INFINITY));
    }
}
