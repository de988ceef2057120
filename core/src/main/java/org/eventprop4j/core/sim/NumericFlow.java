package org.eventprop4j.core.sim;

import java.util.Arrays;

import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.ode.DenseTrajectory;
import org.eventprop4j.core.ode.Dopri5;

/**
 * {@link Flow} of a model without closed form: the lean {@link Dopri5} integrator on the model's compiled equations
 * ({@link NeuronModel#newEvaluator()}). Steps adapt to {@link SimOptions#tolerance()}; the spike condition is checked
 * at the end of every step and on the step's dense output at most {@link SimOptions#solverStepsize()} apart, so an
 * excursion above threshold inside a long step is not missed. A crossing is bracketed on the dense output, located
 * there to rounding level (Illinois), then polished: Newton on the condition at the end of an exact Runge-Kutta step
 * from the step's start, so the spike time has the accuracy of a step, not of the interpolant.
 *
 * <p>Replaces Hipparchus's {@code DormandPrince853Integrator} with event detection (kept as the reference in tests):
 * that one allocates integrator state, interpolators and detector objects per segment and per step, which cost more
 * than the arithmetic for the thousands of short segments of a layer.
 */
final class NumericFlow implements Flow {
    private final NeuronModel model;
    private final ModelEvaluator ev;
    private final Dopri5 rk;
    private final double check;
    private final double tolerance;
    private final int nc;
    private final double[] ys;
    private final double[] fs;
    private final double[] gy;
    private final double[] gp;
    private final double[] dense;
    private final DenseTrajectory trajectory;
    /** Whether g is affine in y: checks inside a step then evaluate a scalar polynomial (g along the dense output). */
    private final boolean affine;
    private boolean record;
    private double[] p;
    private EventBudget budget;
    private int layer;
    private int neuron;
    /** Absolute time of the current segment's start (for messages only). */
    private double segmentStart;
    /** The step size suggested at the end of the neuron's previous segment (NaN at the start of a neuron). */
    private double hCarry = Double.NaN;

    NumericFlow(NeuronModel model, SimOptions opts) {
        this.model = model;
        this.ev = model.newEvaluator();
        this.nc = model.channelCount();
        this.check = opts.solverStepsize();
        this.tolerance = opts.tolerance();
        // no finiteness test per evaluation: a non-finite stage fails the step's error test, the step shrinks, and a
        // state that stays non-finite ends in a step-size underflow, reported with the offending derivative (failure)
        this.rk = new Dopri5(nc, (t, z, dz) -> ev.dynamics(z, p, dz), opts.tolerance(), opts.tolerance());
        this.ys = new double[nc];
        this.fs = new double[nc];
        this.gy = new double[nc];
        this.gp = new double[model.params().size()];
        this.dense = new double[Dopri5.denseSize(nc)];
        this.trajectory = new DenseTrajectory(nc);
        this.affine = model.tracedModel() != null && model.tracedModel().conditionAffineInState();
    }

    private String where() {
        return budget == null ? "" : " (layer " + layer + ", neuron " + neuron + ")";
    }

    @Override
    public void beginNeuron(EventBudget b, int l, int n) {
        this.budget = b;
        this.layer = l;
        this.neuron = n;
        hCarry = Double.NaN;
        trajectory.clear();
    }

    @Override
    public void suggestStep(double h) {
        hCarry = h;
    }

    /** Time of the segment being integrated, for messages: set by the simulator. */
    void segmentStart(double t) {
        segmentStart = t;
    }

    @Override
    public DenseTrajectory trajectory() {
        return record ? trajectory : null;
    }

    @Override
    public void recordDense(boolean on) {
        record = on;
    }

    private void charge(long units, double t) {
        if (budget != null && !budget.work(units)) {
            throw new SimulationException("model " + model.name() + ": layer " + layer + ", neuron " + neuron
                    + " needed more than " + budget.workCap() + " integrator steps and threshold checks in one sample"
                    + " (at t = " + (segmentStart + t) + " ms): the equations may be stiff or running away; raise "
                    + "solver_stepsize (now " + check + " ms), loosen the tolerance (now " + tolerance
                    + ") or raise the cap (max_solver_steps)");
        }
    }

    /** One accepted step (see {@link Dopri5#step}); a failed one becomes a {@link SimulationException}. */
    private double stepOrFail(double hTry, double remaining) {
        try {
            return rk.step(hTry, remaining);
        } catch (IllegalStateException e) {
            throw failure(e);
        }
    }

    private void start(double[] y, double gap) {
        try {
            rk.start(0.0, y);
        } catch (IllegalStateException e) {
            throw failure(e);
        }
    }

    /** First step of a segment: the neuron's last suggestion (its time scales survive a jump), else a heuristic. */
    private double stepFrom(double gap) {
        if (hCarry > 0.0) {
            return Math.min(hCarry, gap);
        }
        return rk.initialStep(gap);
    }

    private SimulationException failure(IllegalStateException e) {
        if (rk.nonFiniteState() != null) {
            return new SimulationException("model " + model.name() + ": dynamics returned " + rk.nonFiniteValue()
                    + " for state " + Arrays.toString(rk.nonFiniteState()) + " and parameters " + Arrays.toString(p)
                    + where(), e);
        }
        ev.dynamics(rk.z(), p, fs);
        for (double v : fs) {
            if (!Double.isFinite(v)) {
                return new SimulationException("model " + model.name() + ": dynamics returned " + v + " for state "
                        + Arrays.toString(rk.z()) + " and parameters " + Arrays.toString(p) + where(), e);
            }
        }
        return new SimulationException("model " + model.name() + ": integration failed: " + e.getMessage() + where(),
                e);
    }

    @Override
    public double advance(double[] y, double[] p, double gap) {
        if (!(gap > 0.0)) {
            return Double.NaN;
        }
        this.p = p;
        start(y, gap);
        double hTry = stepFrom(gap);
        double gPrev = ev.condition(y, p);
        if (affine) {
            ev.conditionGrad(y, p, gy, gp);
        }
        while (true) {
            double t = rk.t();
            double remaining = gap - t;
            double hNext = stepOrFail(hTry, remaining);
            double h = rk.h();
            boolean last = h == remaining;
            double ratio = h / check;
            long m = ratio <= 1.0 ? 1 : (long) Math.ceil(Math.min(ratio, 9e15));
            charge(m + 1, t);
            boolean haveDense = false;
            double thPrev = 0.0;
            double g0 = gPrev;
            double s2 = 0.0;
            double s3 = 0.0;
            double s4 = 0.0;
            double s5 = 0.0;
            for (long j = 1; j <= m; j++) {
                double th = j == m ? 1.0 : (double) j / m;
                double gj;
                if (j == m) {
                    gj = ev.condition(rk.zNew(), p);
                } else {
                    if (!haveDense) {
                        rk.dense(dense, 0);
                        haveDense = true;
                        if (affine) {
                            // g(dense(th)) = g0 + gy . (dense(th) - y0): a scalar quartic in th
                            for (int i = 0; i < nc; i++) {
                                s2 += gy[i] * dense[nc + i];
                                s3 += gy[i] * dense[2 * nc + i];
                                s4 += gy[i] * dense[3 * nc + i];
                                s5 += gy[i] * dense[4 * nc + i];
                            }
                        }
                    }
                    if (affine) {
                        double t1 = 1.0 - th;
                        gj = g0 + th * (s2 + t1 * (s3 + th * (s4 + t1 * s5)));
                    } else {
                        Dopri5.interpolate(dense, 0, nc, th, ys);
                        gj = ev.condition(ys, p);
                    }
                }
                if (gj >= 0.0) {
                    if (!haveDense) {
                        rk.dense(dense, 0);
                    }
                    double tau = locate(thPrev, gPrev, th, gj, h);
                    System.arraycopy(ys, 0, y, 0, nc);
                    return t + tau;
                }
                gPrev = gj;
                thPrev = th;
            }
            rk.accept();
            hTry = hNext;
            if (!last) {
                hCarry = hNext;
            }
            if (last) {
                System.arraycopy(rk.z(), 0, y, 0, nc);
                return Double.NaN;
            }
        }
    }

    /**
     * The first crossing inside a step that was taken elsewhere (a lockstep step of the whole layer): the neuron's
     * state {@code y0} at the step's start, the step's length {@code h} and its dense-output coefficients {@code coef}
     * ({@link Dopri5#dense} layout), with the condition {@code ga < 0} at fraction {@code a} and {@code gb >= 0} at
     * fraction {@code b}. Located and polished exactly as a crossing inside one of this flow's own steps (the polish
     * takes Runge-Kutta steps from {@code y0}). Leaves the state just before the spike in {@code y0}; returns the time
     * of the crossing from the step's start.
     */
    double crossingIn(double[] y0, double[] p, double h, double[] coef, double a, double ga, double b, double gb) {
        this.p = p;
        start(y0, h);
        System.arraycopy(coef, 0, dense, 0, dense.length);
        double tau = locate(a, ga, b, gb, h);
        System.arraycopy(ys, 0, y0, 0, nc);
        return tau;
    }

    /**
     * The crossing inside the accepted step (fractions {@code a < b}, {@code ga < 0 <= gb}): Illinois on the dense
     * output to rounding level, then Newton polish on exact Runge-Kutta steps from the step's start. Leaves the state
     * at the crossing in {@code ys}; returns the time from the step's start.
     */
    private double locate(double a, double ga, double b, double gb, double h) {
        int side = 0;
        double tol = 2e-16 * Math.max(1.0, Math.abs(rk.t() + h));
        for (int it = 0; it < 200 && (b - a) * h > tol; it++) {
            double c = (a * gb - b * ga) / (gb - ga);
            if (!(c > a && c < b)) {
                c = 0.5 * (a + b);
            }
            Dopri5.interpolate(dense, 0, nc, c, ys);
            double gc = ev.condition(ys, p);
            if (gc >= 0.0) {
                b = c;
                gb = gc;
                if (side == 1) {
                    ga *= 0.5;
                }
                side = 1;
            } else {
                a = c;
                ga = gc;
                if (side == -1) {
                    gb *= 0.5;
                }
                side = -1;
            }
        }
        double tau = b * h;
        // polish: the dense output is 4th order, a step is 5th; Newton on g(step(tau)) with g' = grad g . f
        rk.fixedStep(tau, ys);
        for (int it = 0; it < 3; it++) {
            double g = ev.condition(ys, p);
            if (g == 0.0) {
                break;
            }
            ev.dynamics(ys, p, fs);
            ev.conditionGrad(ys, p, gy, gp);
            double gdot = 0.0;
            for (int i = 0; i < nc; i++) {
                gdot += gy[i] * fs[i];
            }
            if (!(gdot > 0.0)) {
                break;
            }
            double next = Math.min(h, Math.max(0.0, tau - g / gdot));
            double moved = Math.abs(next - tau);
            tau = next;
            rk.fixedStep(tau, ys);
            if (moved <= tol) {
                break;
            }
        }
        return tau;
    }

    @Override
    public void flowOnly(double[] y, double[] p, double gap) {
        if (!(gap > 0.0)) {
            return;
        }
        this.p = p;
        start(y, gap);
        double hTry = stepFrom(gap);
        while (true) {
            double t = rk.t();
            double remaining = gap - t;
            double hNext = stepOrFail(hTry, remaining);
            charge(1, t);
            boolean last = rk.h() == remaining;
            if (record) {
                trajectory.add(rk, t);
            }
            rk.accept();
            hTry = hNext;
            if (!last) {
                hCarry = hNext;
            }
            if (last) {
                System.arraycopy(rk.z(), 0, y, 0, nc);
                return;
            }
        }
    }
}
