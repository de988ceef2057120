package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.net.OdeReference;
import org.eventprop4j.core.net.RandomNets;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generic numerical path: a LIF subclass that overrides {@code dynamics} with the identical formula must lose
 * LIF's closed form (DESIGN.md section 4) and, integrated numerically, reproduce the closed-form spike times.
 */
class LifNumericTest {

    /** Test-only: LIF with {@code dynamics} re-declared (same equations), so it must be integrated numerically. */
    static class LifNumeric extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    /** Overrides only the reset (to the same value): must lose the closed form too. */
    static class LifOtherReset extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            super.resetSpiked(y, p, out);
        }
    }

    /** Overrides nothing: keeps the closed form. */
    static class LifRenamedOnly extends LIF {
    }

    @Test
    void overridingAnEquationDropsTheClosedForm() {
        assertNotNull(new LIF().closedForm());
        assertNull(new LifNumeric().closedForm());
        assertNull(new LifOtherReset().closedForm());
        assertNotNull(new LifRenamedOnly().closedForm());
    }

    @Test
    void doubleWrappersEvaluateTheGenericEquations() {
        double[] y = {0.3, 1.7};
        double[] p = {5.0, 20.0, 0.4, 1.0};
        double[] a = new double[2];
        double[] b = new double[2];
        new LIF().dynamics(y, p, a);
        new LifNumeric().dynamics(y, p, b);
        assertEquals((-0.3 + 1.7 + 0.4) / 20.0, a[LIF.V], 1e-15);
        assertEquals(-1.7 / 5.0, a[LIF.I], 1e-15);
        assertEquals(a[0], b[0], 0.0);
        assertEquals(a[1], b[1], 0.0);
        assertEquals(0.3 - 1.0, new LIF().spikeCondition(y, p), 0.0);
    }

    /** Bias-only period {@code tm ln(b / (b - th))}, numerically, to 1e-7 ms. */
    @Test
    void biasOnlyNumerically() {
        Layer layer = new Layer(1, 1, new double[] {0.0}, new double[][] {{5.0}, {20.0}, {1.5}, {1.0}});
        FFEvNN net = new FFEvNN(new LifNumeric(), 1, List.of(layer), SimOptions.of(100.0).withSolverStepsize(0.05),
                1);
        double[] t = net.simulate(new double[][] {{}}).output().times();
        assertEquals(4, t.length);
        for (int k = 0; k < 4; k++) {
            assertEquals((k + 1) * 20.0 * Math.log(3.0), t[k], 1e-7, "spike " + k);
        }
    }

    static LongStream seeds() {
        return RandomNets.seeds(15);
    }

    /**
     * On random networks (including equal and nearly equal taus), LifNumeric integrated with the default tolerance and
     * solverStepsize 0.05 gives the closed-form LIF spike trains to 1e-7 ms with identical counts. The numerical
     * simulator checks the spike condition every 0.05 ms, so a graze above threshold that lasts less than that may be
     * missed (a documented property of the solverStepsize): neurons whose V comes within 1e-4 of the threshold
     * without clear crossing (or crosses with dV/dt < 1e-3 / ms), and their downstream, are skipped, as judged by
     * the independent {@link OdeReference}.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void numericalPathMatchesClosedForm(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        SimOptions opts = SimOptions.of(c.tEnd()).withSolverStepsize(0.05);
        Trace exact = c.net(opts, 1).simulate(c.input());
        FFEvNN numericNet = c.withModel(new LifNumeric()).net(opts, 1);
        Trace numeric = numericNet.simulate(c.input());
        List<OdeReference.LayerResult> amb = new OdeReference(OdeReference.Kind.LIF, 0.05, 0.005, 1e-4, 1e-3)
                .run(c.inSize(), c.layers(), c.input(), c.tEnd());
        int compared = 0;
        for (int l = 0; l < c.layers().size(); l++) {
            int n = c.layers().get(l).size();
            double[][] a = exact.spikes(l).perSource(n);
            double[][] b = numeric.spikes(l).perSource(n);
            for (int i = 0; i < n; i++) {
                if (amb.get(l).ambiguous()[i]) {
                    continue;
                }
                String where = c + ": layer " + l + " neuron " + i + " closed form " + Arrays.toString(a[i])
                        + " numeric " + Arrays.toString(b[i]);
                assertEquals(a[i].length, b[i].length, "spike count, " + where);
                for (int q = 0; q < a[i].length; q++) {
                    assertEquals(a[i][q], b[i][q], 1e-7, "spike " + q + ", " + where);
                }
                compared += a[i].length;
            }
        }
        assertTrue(compared > 0, c + ": nothing compared");
    }

    /** The numerical path's sampled states agree with the closed form's too (right-continuous, to 1e-8). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void numericalStateMatchesClosedForm(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        if (c.layers().size() != 1) {
            return; // keep it cheap and avoid upstream ambiguity: single-layer cases only
        }
        SimOptions opts = SimOptions.of(c.tEnd()).withSolverStepsize(0.05);
        double[] times = new double[41];
        for (int q = 0; q < times.length; q++) {
            times[q] = Math.min(c.tEnd(), c.tEnd() * (q + 0.37) / times.length);
        }
        double[][][] a = c.net(opts, 1).stateAt(c.input(), times);
        double[][][] b = c.withModel(new LifNumeric()).net(opts, 1).stateAt(c.input(), times);
        for (int i = 0; i < a.length; i++) {
            for (int q = 0; q < times.length; q++) {
                assertEquals(a[i][q][LIF.I], b[i][q][LIF.I], 1e-8, c + ": I of neuron " + i + " at " + times[q]);
                assertEquals(a[i][q][LIF.V], b[i][q][LIF.V], 1e-8, c + ": V of neuron " + i + " at " + times[q]);
            }
        }
    }

    /**
     * The generic LIF's equations are affine in the state, so its layers take exact steps ({@code AffineStepper}):
     * on the same random networks every neuron of every layer, the ambiguous grazes included, has the closed form's
     * spike count and times to 1e-9 ms, whatever the solverStepsize (here the default 0.5 ms, ten times the numerical
     * comparison's) and the tolerance.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void exactStepsGiveTheClosedFormEverywhere(long seed) {
        RandomNets.NetCase c = RandomNets.lif(seed);
        SimOptions opts = SimOptions.of(c.tEnd()).withTolerance(1e-5);
        Trace exact = c.net(opts, 1).simulate(c.input());
        Trace numeric = c.withModel(new LifNumeric()).net(opts, 1).simulate(c.input());
        int compared = 0;
        for (int l = 0; l < c.layers().size(); l++) {
            int n = c.layers().get(l).size();
            double[][] a = exact.spikes(l).perSource(n);
            double[][] b = numeric.spikes(l).perSource(n);
            for (int i = 0; i < n; i++) {
                String where = c + ": layer " + l + " neuron " + i + " closed form " + Arrays.toString(a[i])
                        + " exact steps " + Arrays.toString(b[i]);
                assertEquals(a[i].length, b[i].length, "spike count, " + where);
                for (int q = 0; q < a[i].length; q++) {
                    assertEquals(a[i][q], b[i][q], 1e-9, "spike " + q + ", " + where);
                }
                compared += a[i].length;
            }
        }
        assertTrue(compared > 0, c + ": nothing compared");
    }
}
