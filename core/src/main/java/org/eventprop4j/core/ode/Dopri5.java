package org.eventprop4j.core.ode;

import static org.eventprop4j.core.ode.Dp5Tableau.*;

/**
 * The Dormand-Prince 5(4) Runge-Kutta pair with step-size control and Hairer's 4th-order continuous extension, for one
 * small ODE system on primitive arrays, without any allocation per step. It is the workhorse of the numerical neuron
 * path: thousands of short independent integrations per sample (one per neuron and inter-event segment), where
 * Hipparchus's integrators spend more time creating interpolators, states and detectors than integrating.
 * Hipparchus stays the reference in the tests.
 *
 * <p>Usage: {@link #start} at {@code (t, z)}, then {@link #step} attempts (rejects and retries) until a step is accepted;
 * its end is {@link #zNew()} at {@link #tNew()}, its dense output is available through {@link #dense}, and
 * {@link #accept()} moves on (first-same-as-last: the derivative at the new point is already known). Steps may go
 * backward in time ({@code h < 0}). Not thread-safe.
 */
public final class Dopri5 {
    // coefficients: Dp5Tableau

    /**
     * Number of doubles per step in a dense-output record: 5 coefficient vectors.
     *
     * @param n the state dimension
     * @return {@code 5 * n}
     */
    public static int denseSize(int n) {
        return 5 * n;
    }

    private final int n;
    private final Rhs rhs;
    private final double rtol;
    private final double atol;
    private double[] z;
    private double[] k1;
    private final double[] k2;
    private final double[] k3;
    private final double[] k4;
    private final double[] k5;
    private final double[] k6;
    private double[] k7;
    private double[] zNew;
    private final double[] tmp;
    private double t;
    private double h;
    private double tNew;
    private boolean rejectedLast;
    /** Number of right-hand-side evaluations so far. */
    private long evaluations;
    /** A stage state at which the right-hand side was not finite in the last failed trial, or null. */
    private double[] badState;
    private double badValue;

    /**
     * @param n    dimension
     * @param rhs  right-hand side
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     */
    public Dopri5(int n, Rhs rhs, double rtol, double atol) {
        this.n = n;
        this.rhs = rhs;
        this.rtol = rtol;
        this.atol = atol;
        z = new double[n];
        k1 = new double[n];
        k2 = new double[n];
        k3 = new double[n];
        k4 = new double[n];
        k5 = new double[n];
        k6 = new double[n];
        k7 = new double[n];
        zNew = new double[n];
        tmp = new double[n];
    }

    /**
     * Starts at {@code (t0, z0)} (copied) and evaluates the derivative there.
     *
     * @param t0 the start time
     * @param z0 the start state, length {@code n} (copied)
     * @throws IllegalStateException if the derivative there is not finite ({@link #nonFiniteState()} then holds the
     *                               state)
     */
    public void start(double t0, double[] z0) {
        t = t0;
        System.arraycopy(z0, 0, z, 0, n);
        rhs.eval(t, z, k1);
        evaluations++;
        rejectedLast = false;
        badState = null;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(k1[i])) {
                badState = z.clone();
                badValue = k1[i];
                throw new IllegalStateException("non-finite derivative " + k1[i] + " at t = " + t0);
            }
        }
    }

    /**
     * Current time.
     *
     * @return the current time
     */
    public double t() {
        return t;
    }

    /**
     * Current state (do not modify).
     *
     * @return the current state, length {@code n} (an internal array: copy what you keep)
     */
    public double[] z() {
        return z;
    }

    /**
     * Derivative at the current state (do not modify).
     *
     * @return {@code F(t, z)} at the current point, length {@code n} (an internal array)
     */
    public double[] dz() {
        return k1;
    }

    /**
     * End time of the last accepted step.
     *
     * @return the end time of the last accepted step
     */
    public double tNew() {
        return tNew;
    }

    /**
     * State at the end of the last accepted step (do not modify).
     *
     * @return the state at {@link #tNew()}, length {@code n} (an internal array)
     */
    public double[] zNew() {
        return zNew;
    }

    /**
     * Derivative at the end of the last accepted step (do not modify).
     *
     * @return the derivative at {@link #tNew()}, length {@code n} (an internal array)
     */
    public double[] dzNew() {
        return k7;
    }

    /**
     * Size of the last accepted step (signed).
     *
     * @return the step size, negative for a step backward in time
     */
    public double h() {
        return h;
    }

    /**
     * Right-hand-side evaluations so far.
     *
     * @return the number of evaluations since construction (the re-evaluations that diagnose a non-finite step
     *         are not counted)
     */
    public long evaluations() {
        return evaluations;
    }

    private double scale(double a, double b) {
        return atol + rtol * Math.max(Math.abs(a), Math.abs(b));
    }

    /**
     * A first step size for the direction and largest length given (Hairer and Wanner's heuristic: from the sizes of
     * the state, its derivative and an estimate of the second derivative). Costs one evaluation.
     *
     * @param hMax the longest step allowed; its sign gives the direction
     * @return the first step size, signed like {@code hMax} and at most {@code |hMax|} long
     */
    public double initialStep(double hMax) {
        double d0 = 0.0;
        double d1 = 0.0;
        for (int i = 0; i < n; i++) {
            double sk = scale(z[i], z[i]);
            d0 += (z[i] / sk) * (z[i] / sk);
            d1 += (k1[i] / sk) * (k1[i] / sk);
        }
        d0 = Math.sqrt(d0 / n);
        d1 = Math.sqrt(d1 / n);
        double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, Math.abs(hMax));
        double sgn = Math.signum(hMax);
        for (int i = 0; i < n; i++) {
            tmp[i] = z[i] + sgn * h0 * k1[i];
        }
        rhs.eval(t + sgn * h0, tmp, k2);
        evaluations++;
        double d2 = 0.0;
        for (int i = 0; i < n; i++) {
            double sk = scale(z[i], z[i]);
            double v = (k2[i] - k1[i]) / sk;
            d2 += v * v;
        }
        d2 = Math.sqrt(d2 / n) / h0;
        double der = Math.max(d1, d2);
        double h1 = der <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / der, 0.2);
        return sgn * Math.min(Math.min(100 * h0, h1), Math.abs(hMax));
    }

    /** One trial step of size {@code hh} from the current point into {@code zNew}/{@code k7}; returns the error norm. */
    private double trial(double hh) {
        final double[] z = this.z;
        for (int i = 0; i < n; i++) {
            tmp[i] = z[i] + hh * A21 * k1[i];
        }
        rhs.eval(t + C2 * hh, tmp, k2);
        for (int i = 0; i < n; i++) {
            tmp[i] = z[i] + hh * (A31 * k1[i] + A32 * k2[i]);
        }
        rhs.eval(t + C3 * hh, tmp, k3);
        for (int i = 0; i < n; i++) {
            tmp[i] = z[i] + hh * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
        }
        rhs.eval(t + C4 * hh, tmp, k4);
        for (int i = 0; i < n; i++) {
            tmp[i] = z[i] + hh * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
        }
        rhs.eval(t + C5 * hh, tmp, k5);
        for (int i = 0; i < n; i++) {
            tmp[i] = z[i] + hh * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
        }
        rhs.eval(t + hh, tmp, k6);
        for (int i = 0; i < n; i++) {
            zNew[i] = z[i] + hh * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
        }
        rhs.eval(t + hh, zNew, k7);
        evaluations += 6;
        double err = 0.0;
        for (int i = 0; i < n; i++) {
            double e = hh * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
            double sk = scale(z[i], zNew[i]);
            err += (e / sk) * (e / sk);
        }
        return Math.sqrt(err / n);
    }

    /**
     * Attempts steps from the current point, starting with {@code hTry} (signed, never beyond {@code hMax} in
     * length), shrinking after each rejection, until one is accepted.
     *
     * @param hTry the first step size to try, signed; {@code hMax} is tried instead if {@code hTry} is longer or NaN
     * @param hMax the longest step allowed, signed
     * @return the suggested size of the next step (signed); the accepted step is {@link #h()}
     * @throws IllegalStateException if the step size underflows (a singular or runaway system)
     */
    public double step(double hTry, double hMax) {
        double hh = !(Math.abs(hTry) <= Math.abs(hMax)) ? hMax : hTry;
        while (true) {
            double err = trial(hh);
            if (!(err <= 1.0)) {
                if (Double.isNaN(err) || Double.isInfinite(err)) {
                    diagnose(hh);
                    err = 1e10;
                }
                double fac = Math.max(0.2, 0.9 * Math.pow(err, -0.2));
                hh *= fac;
                rejectedLast = true;
                if (!(Math.abs(hh) >= 1e-14 * Math.max(1.0, Math.abs(t)))) {
                    throw new IllegalStateException("step size underflow at t = " + t + " (the equations may be "
                            + "singular or running away)");
                }
                continue;
            }
            h = hh;
            tNew = t + hh;
            double fac = err == 0.0 ? 10.0 : Math.min(10.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
            if (rejectedLast) {
                fac = Math.min(fac, 1.0);
            }
            rejectedLast = false;
            return hh * fac;
        }
    }

    /** Re-runs the stages of a trial that produced a non-finite error and keeps the first non-finite stage. */
    private void diagnose(double hh) {
        double[][] ks = {k1, k2, k3, k4, k5, k6, k7};
        double[] c = {0.0, C2, C3, C4, C5, 1.0, 1.0};
        double[][] a = {{}, {A21}, {A31, A32}, {A41, A42, A43}, {A51, A52, A53, A54}, {A61, A62, A63, A64, A65},
            {A71, 0.0, A73, A74, A75, A76}};
        for (int s = 1; s < 7; s++) {
            for (int i = 0; i < n; i++) {
                double v = z[i];
                for (int j = 0; j < a[s].length; j++) {
                    v += hh * a[s][j] * ks[j][i];
                }
                tmp[i] = v;
            }
            rhs.eval(t + c[s] * hh, tmp, ks[s]);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(ks[s][i])) {
                    badState = tmp.clone();
                    badValue = ks[s][i];
                    return;
                }
            }
        }
    }

    /**
     * A state at which the right-hand side returned a non-finite value during the last rejected steps, or null.
     *
     * @return a copy of that state, or null if none was met since the last {@link #start}
     */
    public double[] nonFiniteState() {
        return badState;
    }

    /**
     * The non-finite value returned at {@link #nonFiniteState()}.
     *
     * @return that value (meaningless while {@link #nonFiniteState()} is null)
     */
    public double nonFiniteValue() {
        return badValue;
    }

    /**
     * Takes one step of exactly {@code hh} from the current point without error control (for integrating along a
     * grid chosen elsewhere, e.g. backward over a forward pass's steps); {@link #accept()} then moves to its end.
     *
     * @param hh the signed step size
     */
    public void stepExactly(double hh) {
        trial(hh);
        h = hh;
        tNew = t + hh;
    }

    /**
     * Computes one step of exactly {@code hh} from the current point without error control into {@code out} (used to
     * polish an event time: a point inside an accepted step, at the accuracy of a step). Leaves the accepted step's
     * results ({@link #zNew()}, dense output) undefined.
     *
     * @param hh  the signed step size
     * @param out receives the state at {@code t() + hh}, length {@code n}
     */
    public void fixedStep(double hh, double[] out) {
        trial(hh);
        System.arraycopy(zNew, 0, out, 0, n);
    }

    /**
     * Writes the dense-output coefficients of the last accepted step into {@code into[off .. off + 5n)}.
     *
     * @param into receives the coefficients, in the layout {@link #interpolate} reads; call this before
     *             {@link #accept()}, which moves past the step
     * @param off  the offset of the step's record in {@code into}
     */
    public void dense(double[] into, int off) {
        final double hh = h;
        for (int i = 0; i < n; i++) {
            double diff = zNew[i] - z[i];
            double bspl = hh * k1[i] - diff;
            into[off + i] = z[i];
            into[off + n + i] = diff;
            into[off + 2 * n + i] = bspl;
            into[off + 3 * n + i] = diff - hh * k7[i] - bspl;
            into[off + 4 * n + i] = hh * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i]
                    + D7 * k7[i]);
        }
    }

    /**
     * The dense output at fraction {@code theta} of a step, from its coefficients {@code c[off .. off + 5n)}.
     *
     * @param c     coefficient records as written by {@link #dense}
     * @param off   the offset of the step's record in {@code c}
     * @param n     the state dimension
     * @param theta the fraction of the step: 0 at its start, 1 at its end
     * @param out   receives the state, length {@code n}
     */
    public static void interpolate(double[] c, int off, int n, double theta, double[] out) {
        double t1 = 1.0 - theta;
        for (int i = 0; i < n; i++) {
            out[i] = c[off + i] + theta * (c[off + n + i] + t1 * (c[off + 2 * n + i] + theta * (c[off + 3 * n + i]
                    + t1 * c[off + 4 * n + i])));
        }
    }

    /**
     * Integrates from the current point to {@code tEnd} (either direction) with adaptive steps, starting with
     * {@code hTry} (or a heuristic first step if it is not positive in the right direction); the result is
     * {@link #z()} at {@link #t()} {@code == tEnd}.
     *
     * @param tEnd the time to reach
     * @param hTry the first step size to try, signed; NaN, 0 or a step away from {@code tEnd} selects
     *             {@link #initialStep} instead
     * @return the step size suggested for going on (signed; from the last step that was not cut at {@code tEnd},
     *         else {@code hTry} or the first step tried)
     * @throws IllegalStateException if the step size underflows (see {@link #step})
     */
    public double integrateTo(double tEnd, double hTry) {
        double h = hTry * (tEnd - t) > 0.0 ? hTry : initialStep(tEnd - t);
        double carry = h;
        while (true) {
            double rem = tEnd - t;
            double next = step(h, rem);
            boolean last = this.h == rem;
            accept();
            h = next;
            if (last) {
                t = tEnd;
                return carry;
            }
            carry = next;
        }
    }

    /**
     * Integrates backward in time through steps {@code [from, to)} of a recorded forward trajectory, last to first,
     * from {@code z0} at the end of step {@code to - 1} to the start of step {@code from}, with this integrator's own
     * step control inside each recorded step; {@code stepInUse} is told which recorded step the right-hand side must
     * read before any evaluation in it (no search). The result is {@link #z()}.
     *
     * @param traj      the forward trajectory
     * @param from      first recorded step
     * @param to        end of the recorded steps (exclusive), {@code > from}
     * @param z0        the state at the end of step {@code to - 1}
     * @param stepInUse receives the index of the recorded step being integrated over
     */
    public void integrateBackOver(DenseTrajectory traj, int from, int to, double[] z0,
                                  java.util.function.IntConsumer stepInUse) {
        stepInUse.accept(to - 1);
        start(traj.end(to - 1), z0);
        double hTry = Double.NaN;
        for (int st = to - 1; st >= from; st--) {
            if (traj.length(st) > 0.0) {
                stepInUse.accept(st);
                hTry = integrateTo(traj.start(st), hTry);
            }
        }
    }

    /** Moves to the end of the last accepted step (its derivative is reused: first same as last). */
    public void accept() {
        double[] s = z;
        z = zNew;
        zNew = s;
        s = k1;
        k1 = k7;
        k7 = s;
        t = tNew;
    }
}
