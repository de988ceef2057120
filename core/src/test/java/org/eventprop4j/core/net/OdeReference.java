package org.eventprop4j.core.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.AbstractODEDetector;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * Independent, test-only reference simulator of feed-forward LIF and QIF networks: a tight-tolerance Hipparchus
 * Dormand-Prince 8(5,3) integration of the raw ODEs of DESIGN.md section 1 / spec/interchange.md, written here from
 * the spec and using none of the main code's equations, closed forms or simulators (only {@link Layer} as a data
 * holder).
 *
 * <p>Each neuron is integrated from input event to input event; inputs are applied as jumps {@code I += w}
 * (simultaneous inputs summed), spikes are located by an event detector on the spike condition and reset the state.
 * Layers are simulated one after the other, each fed with the reference's own spikes of the previous layer.
 *
 * <p><b>Ambiguity.</b> A numerical reference can legitimately disagree with an exact simulator on a spike that only
 * grazes the threshold. For LIF the reference therefore flags a neuron as ambiguous when (a) V has a local maximum
 * within {@code margin} of the threshold without crossing it, (b) V ends an inter-event interval (or the window) within
 * {@code margin} of the threshold, or (c) V crosses the threshold with slope {@code dV/dt < minSlope} (a spike time
 * error of {@code dV / slope}). For QIF theta crosses 1 with slope {@code 2 / (pi tau_mem)} whatever the input, so only
 * spikes within {@code 1e-6} ms of the end of the window (or of the end of an interval) are ambiguous. Neurons
 * downstream of an ambiguous neuron are ambiguous too. Tests must skip ambiguous neurons and assert that enough
 * spikes were compared.
 */
public final class OdeReference {

    /** The model family the reference integrates. */
    public enum Kind { LIF, QIF }

    /** Spikes and ambiguity flags of one layer. */
    public record LayerResult(double[][] spikes, boolean[] ambiguous) {
    }

    private static final double MIN_STEP = 1e-12;
    private static final double TOL = 1e-13;

    private final Kind kind;
    private final double maxStep;
    private final double maxCheck;
    private final double margin;
    private final double minSlope;

    /**
     * @param margin   LIF: distance of V to the threshold below which a near-graze makes a neuron ambiguous
     * @param minSlope LIF: smallest dV/dt (1/ms) at a crossing for the spike to count as well conditioned
     */
    public OdeReference(Kind kind, double maxStep, double maxCheck, double margin, double minSlope) {
        this.kind = kind;
        this.maxStep = maxStep;
        this.maxCheck = maxCheck;
        this.margin = margin;
        this.minSlope = minSlope;
    }

    /** The brief's settings: max step 0.01 ms, check interval 0.005 ms, LIF margin 1e-6, min slope 1e-4 / ms. */
    public static OdeReference lif() {
        return new OdeReference(Kind.LIF, 0.01, 0.005, 1e-6, 1e-4);
    }

    public static OdeReference qif() {
        return new OdeReference(Kind.QIF, 0.01, 0.005, 1e-6, 0.0);
    }

    /**
     * Simulates the whole network.
     *
     * @param input {@code [channel][k]}, any order, {@code +inf} padding; times {@code > tEnd} are ignored
     */
    public List<LayerResult> run(int inSize, List<Layer> layers, double[][] input, double tEnd) {
        double[][] current = new double[inSize][];
        for (int j = 0; j < inSize; j++) {
            current[j] = Arrays.stream(input[j]).filter(t -> t <= tEnd).sorted().toArray();
        }
        boolean upstreamAmbiguous = false;
        List<LayerResult> out = new ArrayList<>();
        for (Layer layer : layers) {
            int n = layer.size();
            double[][] spikes = new double[n][];
            boolean[] amb = new boolean[n];
            for (int i = 0; i < n; i++) {
                // gather this neuron's input events (time, weight), sorted by time
                List<double[]> ev = new ArrayList<>();
                for (int j = 0; j < current.length; j++) {
                    for (double t : current[j]) {
                        ev.add(new double[] {t, layer.weight(j, i)});
                    }
                }
                ev.sort((a, b) -> Double.compare(a[0], b[0]));
                double[] times = new double[ev.size()];
                double[] ws = new double[ev.size()];
                for (int q = 0; q < times.length; q++) {
                    times[q] = ev.get(q)[0];
                    ws[q] = ev.get(q)[1];
                }
                double[] p = new double[layer.params().length];
                for (int k = 0; k < p.length; k++) {
                    p[k] = layer.params()[k][i];
                }
                NeuronRun r = new NeuronRun(p, tEnd);
                r.run(times, ws);
                spikes[i] = r.spikes.stream().mapToDouble(Double::doubleValue).toArray();
                amb[i] = r.ambiguous || upstreamAmbiguous;
            }
            for (boolean a : amb) {
                upstreamAmbiguous |= a;
            }
            out.add(new LayerResult(spikes, amb));
            current = spikes;
        }
        return out;
    }

    /** One neuron's integration. Parameters in the models' order: LIF ts, tm, b, th; QIF ts, tm, b. */
    private final class NeuronRun {
        final double ts;
        final double tm;
        final double b;
        final double th;
        final double tEnd;
        final List<Double> spikes = new ArrayList<>();
        boolean ambiguous;

        NeuronRun(double[] p, double tEnd) {
            this.ts = p[0];
            this.tm = p[1];
            this.b = p[2];
            this.th = kind == Kind.LIF ? p[3] : Double.NaN;
            this.tEnd = tEnd;
        }

        /** Spike condition: LIF V - thresh, QIF theta - 1. */
        double g(double[] y) {
            return kind == Kind.LIF ? y[0] - th : y[0] - 1.0;
        }

        double[] reset(double[] y) {
            return new double[] {kind == Kind.LIF ? 0.0 : -1.0, y[1]};
        }

        void deriv(double[] y, double[] out) {
            if (kind == Kind.LIF) {
                out[0] = (-y[0] + y[1] + b) / tm;
            } else {
                double c = Math.cos(Math.PI * y[0]);
                out[0] = ((1.0 - c) + (1.0 + c) * (y[1] + b)) / (Math.PI * tm);
            }
            out[1] = -y[1] / ts;
        }

        void run(double[] times, double[] ws) {
            double[] y = {0.0, 0.0};
            double t = 0.0;
            int k = 0;
            while (true) {
                while (k < times.length && times[k] == t) {
                    y[1] += ws[k++];
                }
                if (g(y) >= 0.0) { // only possible after an undetected crossing at the very end of an interval
                    ambiguous = true;
                    spikes.add(t);
                    y = reset(y);
                }
                if (t >= tEnd) {
                    return;
                }
                double next = k < times.length ? times[k] : tEnd;
                y = segment(y, t, next);
                t = next;
            }
        }

        double[] segment(double[] y0, double t0, double t1) {
            if (t1 - t0 < 1e-9 * Math.max(1.0, t1)) {
                // too short for Hipparchus; an Euler step changes the state by < 1e-8 relative
                double[] d = new double[2];
                deriv(y0, d);
                double[] y = {y0[0] + d[0] * (t1 - t0), y0[1] + d[1] * (t1 - t0)};
                if (g(y) >= 0.0 || Math.abs(g(y)) < margin) {
                    ambiguous = true;
                }
                return y;
            }
            DormandPrince853Integrator integ = new DormandPrince853Integrator(MIN_STEP, maxStep, TOL, TOL);
            ODEEventHandler spikeHandler = new ODEEventHandler() {
                @Override
                public Action eventOccurred(ODEStateAndDerivative s, ODEEventDetector d, boolean increasing) {
                    if (!increasing) {
                        return Action.CONTINUE;
                    }
                    spikes.add(s.getTime());
                    if (kind == Kind.LIF && s.getPrimaryDerivative()[0] < minSlope) {
                        ambiguous = true;
                    }
                    if (tEnd - s.getTime() < 1e-6) { // may fall on either side of T
                        ambiguous = true;
                    }
                    return Action.RESET_STATE;
                }

                @Override
                public ODEState resetState(ODEEventDetector d, ODEStateAndDerivative s) {
                    return new ODEState(s.getTime(), reset(s.getPrimaryState()));
                }
            };
            integ.addEventDetector(new Detector(y -> g(y), spikeHandler));
            if (kind == Kind.LIF) {
                // local maxima of V: dV/dt = (I + b - V) / tm crosses zero downwards
                ODEEventHandler maxHandler = (s, d, increasing) -> {
                    if (!increasing && Math.abs(g(s.getPrimaryState())) < margin) {
                        ambiguous = true;
                    }
                    return Action.CONTINUE;
                };
                integ.addEventDetector(new Detector(y -> y[1] + b - y[0], maxHandler));
            }
            OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return 2;
                }

                @Override
                public double[] computeDerivatives(double t, double[] y) {
                    double[] d = new double[2];
                    deriv(y, d);
                    return d;
                }
            };
            ODEStateAndDerivative end = integ.integrate(ode, new ODEState(t0, y0.clone()), t1);
            double[] y = end.getPrimaryState();
            if (kind == Kind.LIF && Math.abs(g(y)) < margin) {
                ambiguous = true;
            }
            return y;
        }
    }

    private interface StateFunction {
        double value(double[] y);
    }

    private final class Detector extends AbstractODEDetector<Detector> {
        private final StateFunction f;

        Detector(StateFunction f, ODEEventHandler handler) {
            this(f, AdaptableInterval.of(maxCheck), 200, new BracketingNthOrderBrentSolver(1e-14, 1e-14, 0.0, 5),
                    handler);
        }

        private Detector(StateFunction f, AdaptableInterval maxCheck, int maxIter,
                         BracketedUnivariateSolver<UnivariateFunction> solver, ODEEventHandler handler) {
            super(maxCheck, maxIter, solver, handler);
            this.f = f;
        }

        @Override
        public double g(ODEStateAndDerivative s) {
            return f.value(s.getPrimaryState());
        }

        @Override
        protected Detector create(AdaptableInterval newMaxCheck, int newMaxIter,
                                  BracketedUnivariateSolver<UnivariateFunction> newSolver,
                                  ODEEventHandler newHandler) {
            return new Detector(f, newMaxCheck, newMaxIter, newSolver, newHandler);
        }
    }
}
