package org.eventprop4j.core.sim;

import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.ode.AffineFlow;

/**
 * Exact steps for a layer whose traced dynamics are affine in the state ({@code dy/dt = A y + b}, {@code A} and
 * {@code b} depending on the neuron's parameters only) and whose spike condition is affine too
 * ({@code g = gy . y + g0}): the generic LIF, ALIF, a user's linear model. Used by {@link LayerFlow} between two
 * input events instead of Runge-Kutta steps.
 *
 * <p>Between inputs every neuron advances by the exact propagator {@code y <- Phi y + Psi b} ({@link AffineFlow}) over
 * sub-steps of {@code 1/2 / ||A||} at most (where the Taylor series of {@code Phi} converge in ~16 terms; 2.5 ms for
 * W&amp;P's LIF): a few multiply-adds per neuron and sub-step, in loops over the layer, instead of seven evaluations of
 * the model per Runge-Kutta step of ~0.2 ms at tolerance 1e-7. The event-check interval {@code solverStepsize} does
 * not apply: crossings are
 * never sampled: a sub-step is passed over only when a bound proves the condition below threshold on all of it (the
 * cubic Hermite interpolant of {@code g} and {@code dg/dt} at its ends, plus the interpolation error bounded by
 * {@code ||gy||_1 ||A||^3 ||dy/dt|| e^{||A|| h}}); otherwise the neuron's exact trajectory polynomial over the sub-step
 * is searched for its first crossing ({@link AffineFlow#firstCrossing}), the neuron spikes there, resets and goes on
 * from its reset state. Spike times are therefore exact to rounding, like a closed form, whatever the tolerance.
 * After the last input a neuron leaves the layer once it provably stays silent ({@link #provablySilent}).
 *
 * <p>Not thread-safe: one per {@link LayerFlow}.
 */
final class AffineStepper {

    /** What the stepper needs from its layer. */
    interface Host {
        /** Emits a spike of the neuron at position {@code i} from state {@code y} at {@code t}; resets {@code y}. */
        void emit(int i, double[] y, double t);

        /** Charges {@code units} of work (neuron sub-steps of {@code subStep} ms) at {@code t} to the budget. */
        void charge(long units, double t, double subStep);
    }

    private final ModelEvaluator ev;
    private final int nc;
    private final int np;
    private final double[] ys;
    private final double[] ps;
    private final double[] pPrev;
    private final double[] fb;
    private final double[] fe;
    private final double[] aS;
    private final double[] bS;
    private final double[] phiS;
    private final double[] psiS;
    private final double[] w1;
    private final double[] w2;
    private final double[] z;
    private final double[] poly;
    private int s;
    /** Per neuron (position), channel-major with stride {@code s}: A ({@code nc * nc} rows), b, g0, gy. */
    private double[] a;
    private double[] b;
    private double[] g0;
    private double[] normA;
    /** Per neuron: whether A is stable in the infinity norm (log-norm mu_inf(A) <= 0), and the fixed point y*. */
    private boolean[] contracting;
    private double[] fixed;
    private final double[] lu;
    private double[] normGy;
    private double[] phi;
    private double[] cv;
    private double[] err;
    private double[] yn;
    private double[] yp;
    private double[] gS;
    private double[] dS;
    private double[] nS;
    private double[] gE;
    private double[] dE;
    private double[] nE;
    private boolean[] flag;
    /** Largest {@code ||A||_inf} of the layer. */
    private double maxNormA;
    /** Whether every neuron of the layer has the same {@code A}. */
    private boolean sharedA;
    /** The layer's condition gradients {@code gy} (the caller's array, same layout). */
    private double[] gyRef;
    /** {@code g0} of the last neuron whose parameters were evaluated (shared by the next ones with equal ones). */
    private double g0Prev;

    AffineStepper(ModelEvaluator ev, int nc, int np) {
        this.ev = ev;
        this.nc = nc;
        this.np = np;
        this.ys = new double[nc];
        this.ps = new double[np];
        this.pPrev = new double[np];
        this.fb = new double[nc];
        this.fe = new double[nc];
        this.aS = new double[nc * nc];
        this.bS = new double[nc];
        this.phiS = new double[nc * nc];
        this.psiS = new double[nc * nc];
        this.w1 = new double[nc * nc];
        this.w2 = new double[nc * nc];
        this.z = new double[(AffineFlow.MAX_TERMS + 1) * nc];
        this.poly = new double[AffineFlow.MAX_TERMS + 1];
        this.lu = new double[nc * nc];
    }

    private void ensure(int stride) {
        if (stride == s && a != null) {
            return;
        }
        s = stride;
        a = new double[nc * nc * s];
        b = new double[nc * s];
        g0 = new double[s];
        normA = new double[s];
        contracting = new boolean[s];
        fixed = new double[nc * s];
        normGy = new double[s];
        phi = new double[nc * nc * s];
        cv = new double[nc * s];
        err = new double[s];
        yn = new double[nc * s];
        yp = new double[nc * s];
        gS = new double[s];
        dS = new double[s];
        nS = new double[s];
        gE = new double[s];
        dE = new double[s];
        nE = new double[s];
        flag = new boolean[s];
    }

    /**
     * Reads {@code A}, {@code b} and {@code g0} of neurons {@code [0, n)} from their parameters {@code p} (layout of
     * {@link LayerFlow}: parameter {@code k} of the neuron at position {@code i} at {@code [k * stride + i]}); the
     * condition's gradient {@code gy} (state-independent) is the caller's. Neurons with the same parameters as the
     * previous one share its values without evaluating the model again.
     */
    void prepare(int n, double[] p, double[] gy, int stride) {
        ensure(stride);
        gyRef = gy;
        maxNormA = 0.0;
        sharedA = true;
        for (int i = 0; i < n; i++) {
            boolean same = i > 0;
            for (int k = 0; k < np; k++) {
                ps[k] = p[k * s + i];
                same &= ps[k] == pPrev[k];
            }
            if (!same) {
                java.util.Arrays.fill(ys, 0.0);
                ev.dynamics(ys, ps, fb);
                for (int d = 0; d < nc; d++) {
                    ys[d] = 1.0;
                    ev.dynamics(ys, ps, fe);
                    ys[d] = 0.0;
                    for (int c = 0; c < nc; c++) {
                        aS[c * nc + d] = fe[c] - fb[c];
                    }
                }
                System.arraycopy(fb, 0, bS, 0, nc);
                System.arraycopy(ps, 0, pPrev, 0, np);
            }
            for (int q = 0; q < nc * nc; q++) {
                double v = aS[q];
                if (i > 0 && v != a[q * s]) {
                    sharedA = false;
                }
                a[q * s + i] = v;
            }
            for (int c = 0; c < nc; c++) {
                b[c * s + i] = bS[c];
            }
            if (!same) {
                java.util.Arrays.fill(ys, 0.0);
                g0Prev = ev.condition(ys, ps);
            }
            g0[i] = g0Prev;
            double ng = 0.0;
            for (int c = 0; c < nc; c++) {
                ng += Math.abs(gy[c * s + i]);
            }
            normGy[i] = ng;
            normA[i] = AffineFlow.normInf(aS, nc);
            contracting[i] = AffineFlow.logNormInf(aS, nc) <= 0.0 && AffineFlow.fixedPoint(aS, bS, nc, ys, lu);
            for (int c = 0; c < nc; c++) {
                fixed[c * s + i] = ys[c];
            }
            maxNormA = Math.max(maxNormA, normA[i]);
        }
    }

    /** Swaps the per-neuron values of positions {@code i} and {@code j} (as {@link LayerFlow} retires a neuron). */
    void swap(int i, int j) {
        org.eventprop4j.core.ode.BatchDopri5.swapColumns(a, nc * nc, s, i, j);
        org.eventprop4j.core.ode.BatchDopri5.swapColumns(b, nc, s, i, j);
        org.eventprop4j.core.ode.BatchDopri5.swapColumns(g0, 1, s, i, j);
        org.eventprop4j.core.ode.BatchDopri5.swapColumns(normA, 1, s, i, j);
        org.eventprop4j.core.ode.BatchDopri5.swapColumns(normGy, 1, s, i, j);
        org.eventprop4j.core.ode.BatchDopri5.swapColumns(fixed, nc, s, i, j);
        boolean c = contracting[i];
        contracting[i] = contracting[j];
        contracting[j] = c;
    }

    /**
     * Whether the neuron at position {@code i}, in state {@code y}, provably never reaches threshold without further
     * input: where {@code mu_inf(A) <= 0}, the distance to the fixed point {@code y* = -A^-1 b} never grows in the
     * infinity norm, so {@code g(y(t)) <= g(y*) + ||gy||_1 ||y - y*||_inf} for all later {@code t}.
     */
    boolean provablySilent(int i, double[] y) {
        if (!contracting[i]) {
            return false;
        }
        double gStar = g0[i];
        double dist = 0.0;
        for (int c = 0; c < nc; c++) {
            double ystar = fixed[c * s + i];
            gStar += gyAt(c, i) * ystar;
            dist = Math.max(dist, Math.abs(y[c] - ystar));
        }
        return gStar + normGy[i] * dist + 1e-12 * (1.0 + Math.abs(g0[i])) < 0.0;
    }

    private double gyAt(int c, int i) {
        return gyRef[c * s + i];
    }

    /**
     * Advances neurons {@code [0, m)} with states {@code y} from {@code t0} to {@code t1} (no input in between),
     * emitting their spikes in time order per neuron.
     *
     */
    void integrate(double t0, double t1, int m, double[] y, double[] gy, Host out) {
        double gap = t1 - t0;
        double hMax = maxNormA > 0.0 ? AffineFlow.MAX_NORM_STEP / maxNormA : gap;
        long q = (long) Math.ceil(gap / hMax);
        if (q < 1) {
            q = 1;
        }
        double h = gap / q;
        propagators(h, m);
        derivatives(y, 0, m, yp, gS, dS, nS, gy);
        for (long j = 0; j < q; j++) {
            double t = j == 0 ? t0 : t0 + j * h;
            out.charge(m, t, h);
            // y_n = Phi y + Psi b, for every neuron in one pass per channel pair
            for (int c = 0; c < nc; c++) {
                int oc = c * s;
                System.arraycopy(cv, oc, yn, oc, m);
                for (int d = 0; d < nc; d++) {
                    int op = (c * nc + d) * s;
                    int od = d * s;
                    for (int i = 0; i < m; i++) {
                        yn[oc + i] += phi[op + i] * y[od + i];
                    }
                }
            }
            derivatives(yn, 0, m, yp, gE, dE, nE, gy);
            boolean any = false;
            for (int i = 0; i < m; i++) {
                // an upper bound of g on the sub-step: at or above zero, the sub-step is searched exactly
                double bound = Math.max(gS[i], gE[i]) + (4.0 / 27.0) * h * (Math.abs(dS[i]) + Math.abs(dE[i]))
                        + err[i] * nS[i] + 1e-12 * (1.0 + Math.abs(g0[i]));
                boolean f = !(bound < 0.0);
                flag[i] = f;
                any |= f;
            }
            if (any) {
                double tEnd = j == q - 1 ? t1 : t0 + (j + 1) * h;
                for (int i = 0; i < m; i++) {
                    // second test, sharper: the Hermite cubic's own maximum instead of its bound
                    if (flag[i] && !(gE[i] >= 0.0) && hermiteMax(gS[i], gE[i], h * dS[i], h * dE[i])
                            + err[i] * nS[i] + 1e-12 * (1.0 + Math.abs(g0[i])) < 0.0) {
                        flag[i] = false;
                    }
                    if (flag[i]) {
                        resolve(i, t, tEnd, y, gy, out);
                        derivatives(yn, i, i + 1, yp, gE, dE, nE, gy);
                    }
                }
            }
            for (int c = 0; c < nc; c++) {
                System.arraycopy(yn, c * s, y, c * s, m);
            }
            double[] sw = gS;
            gS = gE;
            gE = sw;
            sw = dS;
            dS = dE;
            dE = sw;
            sw = nS;
            nS = nE;
            nE = sw;
        }
    }

    /**
     * The maximum on {@code [0, 1]} of the cubic with values {@code p0}, {@code p1} and slopes {@code m0}, {@code m1}
     * at its ends.
     */
    static double hermiteMax(double p0, double p1, double m0, double m1) {
        double c2 = 3.0 * (p1 - p0) - 2.0 * m0 - m1;
        double c3 = 2.0 * (p0 - p1) + m0 + m1;
        double best = Math.max(p0, p1);
        // p'(x) = m0 + 2 c2 x + 3 c3 x^2
        double qa = 3.0 * c3;
        double qb = 2.0 * c2;
        if (qa == 0.0) {
            if (qb != 0.0) {
                best = Math.max(best, cubicAt(p0, m0, c2, c3, -m0 / qb));
            }
            return best;
        }
        double disc = qb * qb - 4.0 * qa * m0;
        if (disc < 0.0) {
            return best;
        }
        double sq = Math.sqrt(disc);
        // roots without cancellation
        double qq = -0.5 * (qb + Math.copySign(sq, qb));
        if (qq != 0.0) {
            best = Math.max(best, cubicAt(p0, m0, c2, c3, qq / qa));
            best = Math.max(best, cubicAt(p0, m0, c2, c3, m0 / qq));
        } else {
            best = Math.max(best, cubicAt(p0, m0, c2, c3, 0.0));
        }
        return best;
    }

    private static double cubicAt(double p0, double m0, double c2, double c3, double x) {
        if (!(x > 0.0 && x < 1.0)) {
            return Double.NEGATIVE_INFINITY;
        }
        return p0 + x * (m0 + x * (c2 + x * c3));
    }

    /** Phi and Psi b of every neuron for sub-steps of {@code h}, and the bound of the Hermite error term. */
    private void propagators(double h, int m) {
        int n2 = nc * nc;
        for (int i = 0; i < m; i++) {
            if (i == 0 || !sharedA) {
                for (int q = 0; q < n2; q++) {
                    aS[q] = a[q * s + i];
                }
                AffineFlow.propagator(aS, nc, h, phiS, psiS, w1, w2);
            }
            for (int q = 0; q < n2; q++) {
                phi[q * s + i] = phiS[q];
            }
            for (int c = 0; c < nc; c++) {
                double v = 0.0;
                for (int d = 0; d < nc; d++) {
                    v += psiS[c * nc + d] * b[d * s + i];
                }
                cv[c * s + i] = v;
            }
            double na = normA[i];
            // |g''''| <= ||gy||_1 ||A||^3 ||y'(0)|| e^{||A|| h}; Hermite error <= h^4 / 384 max |g''''|
            err[i] = h * h * h * h / 384.0 * normGy[i] * na * na * na * Math.exp(na * h);
        }
    }

    /** dy/dt, g, dg/dt and ||dy/dt||_inf of neurons {@code [from, to)} at states {@code st}. */
    private void derivatives(double[] st, int from, int to, double[] dy, double[] gv, double[] dg, double[] nrm,
                             double[] gy) {
        for (int i = from; i < to; i++) {
            gv[i] = g0[i];
            dg[i] = 0.0;
            nrm[i] = 0.0;
        }
        for (int c = 0; c < nc; c++) {
            int oc = c * s;
            System.arraycopy(b, oc + from, dy, oc + from, to - from);
            for (int d = 0; d < nc; d++) {
                int oa = (c * nc + d) * s;
                int od = d * s;
                for (int i = from; i < to; i++) {
                    dy[oc + i] += a[oa + i] * st[od + i];
                }
            }
            for (int i = from; i < to; i++) {
                double w = gy[oc + i];
                gv[i] += w * st[oc + i];
                dg[i] += w * dy[oc + i];
                nrm[i] = Math.max(nrm[i], Math.abs(dy[oc + i]));
            }
        }
    }

    /**
     * Neuron {@code i} over the sub-step {@code [t, tEnd]} from its state in {@code y}, exactly: every crossing is
     * found on the trajectory's polynomial, emitted, and the neuron goes on from its reset state; the state at
     * {@code tEnd} goes to {@code yn}.
     */
    private void resolve(int i, double t, double tEnd, double[] y, double[] gy, Host out) {
        int n2 = nc * nc;
        for (int q = 0; q < n2; q++) {
            aS[q] = a[q * s + i];
        }
        for (int c = 0; c < nc; c++) {
            bS[c] = b[c * s + i];
            ys[c] = y[c * s + i];
        }
        double tt = t;
        while (true) {
            double rest = tEnd - tt;
            if (!(rest > 0.0)) {
                break;
            }
            int deg = AffineFlow.taylor(aS, bS, nc, ys, rest, z);
            for (int k = 0; k <= deg; k++) {
                double v = 0.0;
                for (int c = 0; c < nc; c++) {
                    v += gy[c * s + i] * z[k * nc + c];
                }
                poly[k] = v;
            }
            poly[0] += g0[i];
            double th = poly[0] < 0.0 ? AffineFlow.firstCrossing(poly, deg) : 0.0;
            if (Double.isNaN(th)) {
                AffineFlow.evaluate(z, deg, nc, 1.0, ys);
                break;
            }
            AffineFlow.evaluate(z, deg, nc, th, ys);
            tt = th >= 1.0 ? tEnd : Math.min(tEnd, tt + th * rest);
            out.emit(i, ys, tt);
        }
        for (int c = 0; c < nc; c++) {
            yn[c * s + i] = ys[c];
        }
    }
}
