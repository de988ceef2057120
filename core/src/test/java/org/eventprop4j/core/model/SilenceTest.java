package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The silence tests of QIF, EIF, ALIF and FunkyNeuron never lose a spike: networks with a range of biases (some neurons silent,
 * some tonic) give the same spikes as the same equations without the test (a subclass re-declaring the dynamics, for
 * which the test no longer applies).
 */
class SilenceTest {

    static final class QifNoSkip extends QIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            super.dynamics(y, p, out);
        }
    }

    /** The equations of {@code inner}, re-declared here: the inner model's silence test does not apply to it. */
    static final class NoSkip extends NeuronModel {
        private final NeuronModel inner;

        NoSkip(NeuronModel inner) {
            super(inner.name(), inner.channels(), inner.params());
            this.inner = inner;
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            inner.dynamics(y, p, out);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return inner.spikeCondition(y, p);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            inner.resetSpiked(y, p, out);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            out.add(Arguments.of("qif", seed));
            out.add(Arguments.of("eif", seed));
            out.add(Arguments.of("alif", seed));
            out.add(Arguments.of("funky", seed));
        }
        return out.stream();
    }

    private static FFEvNN net(NeuronModel m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] bias = new double[12];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rng.nextDouble(-1.0, 1.2);
        }
        boolean funky = m.paramIndex("thresh") >= 0 && m.name().equals("funky");
        if (funky) {
            for (int i = 0; i < bias.length; i++) {
                bias[i] = 2.0 * bias[i] + 1.0;                  // phases in [-1, 3.4]: some tonic, some silent
            }
        }
        FFEvNN.Builder b = FFEvNN.builder(m).layers(12).inSize(3).maxSolverTime(80).seed(seed)
                .gaussianWeights(0, 1.0, 1.2).param("bias", 0, bias).tolerance(1e-10).threads(1);
        if (funky) {
            b.param("tau_mem", 1.0).param("thresh", 0.8);
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void skippingSilentTailsLosesNoSpike(String model, long seed) {
        NeuronModel skip = switch (model) {
            case "qif" -> new QIF();
            case "eif" -> new EIF();
            case "funky" -> new FunkyNeuron();
            default -> new ALIF();
        };
        NeuronModel full = switch (model) {
            case "qif" -> new QifNoSkip();
            case "eif" -> new NoSkip(new EIF());
            case "funky" -> new NoSkip(new FunkyNeuron());
            default -> new NoSkip(new ALIF());
        };
        SplittableRandom rng = new SplittableRandom(100 + seed);
        int spikes = 0;
        for (int s = 0; s < 5; s++) {
            double[][] in = new double[3][];
            for (int c = 0; c < 3; c++) {
                in[c] = new double[] {rng.nextDouble(0, 20), rng.nextDouble(20, 30)};
            }
            Trace a = net(skip, seed).simulate(in);
            Trace b = net(full, seed).simulate(in);
            assertArrayEquals(b.output().sources(), a.output().sources(), model + " seed " + seed + " sample " + s);
            // the same spikes; times agree to the integration error (in a lockstep layer, retiring neurons changes the
            // common steps of the others)
            assertArrayEquals(b.output().times(), a.output().times(), 1e-8, model + " seed " + seed);
            spikes += a.output().size();
        }
        assertTrue(spikes > 0, "the networks should fire");
    }

    /**
     * QIF's time-bounded silence proof against an independent integration (Hipparchus DormandPrince853 at 1e-12 with
     * event detection on theta = 1): from random states (theta in (-1, 1), I of either sign, bias of either sign),
     * whenever it says "silent for d ms" the neuron indeed does not spike within d ms. And the bound is tight where it
     * is exact (I = 0, constant drive bias > 0: the spike comes at the escape time, so "silent" must flip there).
     */
    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void qifTimeBoundedSilenceNeverLosesASpike(long seed) {
        System.out.println("SilenceTest.qifTimeBoundedSilenceNeverLosesASpike seed " + seed);
        SplittableRandom rng = new SplittableRandom(seed);
        QIF qif = new QIF();
        int claims = 0;
        for (int c = 0; c < 300; c++) {
            double tauSyn = rng.nextDouble(1.0, 10.0);
            double tauMem = rng.nextDouble(5.0, 30.0);
            double bias = rng.nextDouble(-0.3, 0.3);
            double theta = rng.nextDouble(-1.0, 0.99);
            double cur = rng.nextDouble(-1.0, 1.5);
            double d = rng.nextDouble(1.0, 120.0);
            double[] y = {theta, cur};
            double[] p = {tauSyn, tauMem, bias};
            if (!qif.provablySilent(y, p, d)) {
                continue;
            }
            claims++;
            double spike = firstQifSpike(y, p, d);
            assertTrue(Double.isNaN(spike), "seed " + seed + " case " + c + ": said silent for " + d
                    + " ms but spikes at " + spike + " (y = " + java.util.Arrays.toString(y) + ", p = "
                    + java.util.Arrays.toString(p) + ")");
        }
        assertTrue(claims > 30, "too few silent claims to test: " + claims);
    }

    @Test
    void qifSilenceBoundIsTightForConstantDrive() {
        QIF qif = new QIF();
        double[] p = {5.0, 20.0, 0.04};
        double[] y = {-0.5, 0.0};
        double exact = 20.0 / 0.2 * (0.5 * Math.PI - Math.atan(Math.tan(-0.25 * Math.PI) / 0.2));
        double spike = firstQifSpike(y, p, 2 * exact);
        assertTrue(Math.abs(spike - exact) < 1e-6, "reference spike " + spike + " vs " + exact);
        assertTrue(qif.provablySilent(y, p, 0.999 * exact));
        assertFalse(qif.provablySilent(y, p, 1.001 * exact));
        assertFalse(qif.provablySilent(new double[] {-0.5, 0.2}, p, 0.999 * exact), "more drive: earlier spike");
    }

    /** First time theta reaches 1 within {@code d} ms from {@code y} without input (NaN: none), independently. */
    private static double firstQifSpike(double[] y, double[] p, double d) {
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2;
            }

            @Override
            public double[] computeDerivatives(double t, double[] s) {
                double c = Math.cos(Math.PI * s[0]);
                return new double[] {((1 - c) + (1 + c) * (s[1] + p[2])) / (Math.PI * p[1]), -s[1] / p[0]};
            }
        };
        DormandPrince853Integrator integ = new DormandPrince853Integrator(1e-12, 1.0, 1e-12, 1e-12);
        double[] hit = {Double.NaN};
        integ.addEventDetector(new ODEEventDetector() {
            @Override
            public AdaptableInterval getMaxCheckInterval() {
                return (s, isForward) -> 0.05;
            }

            @Override
            public int getMaxIterationCount() {
                return 100;
            }

            @Override
            public org.hipparchus.analysis.solvers.BracketedUnivariateSolver<
                    org.hipparchus.analysis.UnivariateFunction> getSolver() {
                return new org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver(1e-13, 1e-13, 1e-13, 5);
            }

            @Override
            public ODEEventHandler getHandler() {
                return (s, det, inc) -> {
                    hit[0] = s.getTime();
                    return Action.STOP;
                };
            }

            @Override
            public double g(ODEStateAndDerivative s) {
                return s.getPrimaryState()[0] - 1.0;
            }
        });
        integ.integrate(ode, new ODEState(0.0, y.clone()), d);
        return hit[0];
    }
}
