package org.eventprop4j.core.ode;

/**
 * Exact flows of linear systems with constant coefficients, {@code dy/dt = A y + b}, and the exact first threshold
 * crossing of an affine function along them. The flow over {@code h} is {@code y(h) = Phi y(0) + Psi b} with
 * {@code Phi = exp(A h)} and {@code Psi = int_0^h exp(A s) ds}; on a step short enough that
 * {@code ||A||_inf h <= MAX_NORM_STEP} both are summed from their Taylor series to rounding in about 16 terms, and the
 * trajectory inside the step is the polynomial {@code y(theta h) = sum_k Z_k theta^k} with
 * {@code Z_0 = y(0)}, {@code Z_1 = h (A y(0) + b)}, {@code Z_k+1 = h A Z_k / (k + 1)} (exact up to a tail below
 * rounding). These replace Runge-Kutta steps for models whose traced equations are affine in the state (the generic
 * LIF, ALIF, a user's linear model): a step has no truncation error to control, so its length is bounded only by the
 * event-check interval, and a crossing is found on an exact polynomial instead of an interpolant.
 *
 * <p>Matrices are row-major {@code nc x nc} arrays. Stateless; every method works in caller-provided arrays.
 */
public final class AffineFlow {
    /** Steps are kept to {@code ||A||_inf h <= MAX_NORM_STEP}: the Taylor terms then fall below 1e-18 by k = 16. */
    public static final double MAX_NORM_STEP = 0.5;
    /** Most Taylor terms ever summed (the series converge long before at {@link #MAX_NORM_STEP}). */
    public static final int MAX_TERMS = 40;
    /** Deepest bisection of the crossing search: intervals of 2^-52 of the step. */
    private static final int MAX_DEPTH = 52;

    private AffineFlow() {
    }

    /**
     * The infinity norm (largest absolute row sum) of {@code a}.
     *
     * @param a  row-major matrix
     * @param nc its dimension
     * @return {@code ||a||_inf}
     */
    public static double normInf(double[] a, int nc) {
        double n = 0.0;
        for (int r = 0; r < nc; r++) {
            double s = 0.0;
            for (int c = 0; c < nc; c++) {
                s += Math.abs(a[r * nc + c]);
            }
            n = Math.max(n, s);
        }
        return n;
    }

    /**
     * The logarithmic infinity norm {@code mu_inf(A) = max_r (a_rr + sum_{c != r} |a_rc|)}: solutions of
     * {@code dy/dt = A y} satisfy {@code ||y(t)||_inf <= e^{mu t} ||y(0)||_inf}.
     *
     * @param a  row-major matrix
     * @param nc its dimension
     * @return {@code mu_inf(a)}
     */
    public static double logNormInf(double[] a, int nc) {
        double mu = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < nc; r++) {
            double s = a[r * nc + r];
            for (int c = 0; c < nc; c++) {
                if (c != r) {
                    s += Math.abs(a[r * nc + c]);
                }
            }
            mu = Math.max(mu, s);
        }
        return mu;
    }

    /**
     * The fixed point {@code y* = -A^-1 b} by Gaussian elimination with partial pivoting.
     *
     * @param a    row-major matrix (not modified)
     * @param b    the vector {@code b} (not modified)
     * @param nc   the dimension
     * @param out  receives {@code y*}
     * @param work scratch, {@code nc * nc}
     * @return false if {@code A} is singular (to rounding): there is no unique fixed point
     */
    public static boolean fixedPoint(double[] a, double[] b, int nc, double[] out, double[] work) {
        System.arraycopy(a, 0, work, 0, nc * nc);
        for (int c = 0; c < nc; c++) {
            out[c] = -b[c];
        }
        double scale = normInf(a, nc);
        for (int col = 0; col < nc; col++) {
            int piv = col;
            for (int r = col + 1; r < nc; r++) {
                if (Math.abs(work[r * nc + col]) > Math.abs(work[piv * nc + col])) {
                    piv = r;
                }
            }
            double pv = work[piv * nc + col];
            if (!(Math.abs(pv) > 1e-12 * scale)) {
                return false;
            }
            if (piv != col) {
                for (int c = 0; c < nc; c++) {
                    double t = work[col * nc + c];
                    work[col * nc + c] = work[piv * nc + c];
                    work[piv * nc + c] = t;
                }
                double t = out[col];
                out[col] = out[piv];
                out[piv] = t;
            }
            for (int r = col + 1; r < nc; r++) {
                double f = work[r * nc + col] / pv;
                if (f != 0.0) {
                    for (int c = col; c < nc; c++) {
                        work[r * nc + c] -= f * work[col * nc + c];
                    }
                    out[r] -= f * out[col];
                }
            }
        }
        for (int r = nc - 1; r >= 0; r--) {
            double v = out[r];
            for (int c = r + 1; c < nc; c++) {
                v -= work[r * nc + c] * out[c];
            }
            out[r] = v / work[r * nc + r];
        }
        return true;
    }

    /**
     * {@code phi = exp(A h)} and {@code psi = int_0^h exp(A s) ds} by their Taylor series (for
     * {@code ||A||_inf h <= MAX_NORM_STEP}; a longer step is the caller's to split).
     *
     * @param a    the matrix {@code A}, row-major
     * @param nc   its dimension
     * @param h    the step, ms
     * @param phi  receives {@code exp(A h)}
     * @param psi  receives {@code int_0^h exp(A s) ds}
     * @param term scratch, {@code nc * nc}
     * @param next scratch, {@code nc * nc}
     */
    public static void propagator(double[] a, int nc, double h, double[] phi, double[] psi, double[] term,
                                  double[] next) {
        int n2 = nc * nc;
        for (int q = 0; q < n2; q++) {
            term[q] = 0.0;
        }
        for (int d = 0; d < nc; d++) {
            term[d * nc + d] = 1.0;
        }
        System.arraycopy(term, 0, phi, 0, n2);
        for (int q = 0; q < n2; q++) {
            psi[q] = h * term[q];
        }
        for (int k = 1; k <= MAX_TERMS; k++) {
            // next = (A h) term / k = (A h)^k / k!
            double big = 0.0;
            for (int r = 0; r < nc; r++) {
                for (int c = 0; c < nc; c++) {
                    double s = 0.0;
                    for (int j = 0; j < nc; j++) {
                        s += a[r * nc + j] * term[j * nc + c];
                    }
                    s *= h / k;
                    next[r * nc + c] = s;
                    big = Math.max(big, Math.abs(s));
                }
            }
            double w = h / (k + 1);
            for (int q = 0; q < n2; q++) {
                phi[q] += next[q];
                psi[q] += w * next[q];
            }
            double[] t = term;
            term = next;
            next = t;
            if (big < 1e-18) {
                return;
            }
        }
    }

    /**
     * The Taylor coefficients of the trajectory over a step: {@code y(theta h) = sum_k z[k * nc + c] theta^k} for
     * {@code theta} in {@code [0, 1]}, from {@code y0} under {@code dy/dt = A y + b}.
     *
     * @param a  the matrix {@code A}, row-major
     * @param b  the vector {@code b}
     * @param nc the dimension
     * @param y0 the state at the step's start
     * @param h  the step, ms ({@code ||A||_inf h <= MAX_NORM_STEP})
     * @param z  receives the coefficients, {@code (MAX_TERMS + 1) * nc}
     * @return the degree {@code K} (coefficients {@code 0..K} are set)
     */
    public static int taylor(double[] a, double[] b, int nc, double[] y0, double h, double[] z) {
        double scale = 0.0;
        for (int c = 0; c < nc; c++) {
            z[c] = y0[c];
            double s = b[c];
            for (int d = 0; d < nc; d++) {
                s += a[c * nc + d] * y0[d];
            }
            z[nc + c] = h * s;
            scale = Math.max(scale, Math.max(Math.abs(y0[c]), Math.abs(h * s)));
        }
        int k = 1;
        while (k < MAX_TERMS) {
            double big = 0.0;
            int o = k * nc;
            for (int c = 0; c < nc; c++) {
                double s = 0.0;
                for (int d = 0; d < nc; d++) {
                    s += a[c * nc + d] * z[o + d];
                }
                s *= h / (k + 1);
                z[o + nc + c] = s;
                big = Math.max(big, Math.abs(s));
            }
            k++;
            if (!(big > 1e-18 * scale)) {
                break;
            }
        }
        return k;
    }

    /**
     * {@code sum_k z[k * nc + c] theta^k} for every channel (Horner).
     *
     * @param z     coefficients from {@link #taylor}
     * @param deg   their degree
     * @param nc    the dimension
     * @param theta the fraction of the step
     * @param out   receives the state
     */
    public static void evaluate(double[] z, int deg, int nc, double theta, double[] out) {
        for (int c = 0; c < nc; c++) {
            double v = z[deg * nc + c];
            for (int k = deg - 1; k >= 0; k--) {
                v = v * theta + z[k * nc + c];
            }
            out[c] = v;
        }
    }

    /** {@code P(x) = sum_k c[k] x^k}. */
    static double poly(double[] c, int deg, double x) {
        double v = c[deg];
        for (int k = deg - 1; k >= 0; k--) {
            v = v * x + c[k];
        }
        return v;
    }

    /** {@code P'(x)}. */
    static double polyDerivative(double[] c, int deg, double x) {
        double v = deg * c[deg];
        for (int k = deg - 1; k >= 1; k--) {
            v = v * x + k * c[k];
        }
        return deg >= 1 ? v : 0.0;
    }

    /**
     * The first {@code x} in {@code (0, 1]} at which the polynomial {@code P(x) = sum_k c[k] x^k} (with
     * {@code P(0) < 0}) is at or above zero, to rounding; NaN if it stays below zero on {@code [0, 1]}. No crossing is
     * passed over: a sub-interval is skipped only when a bound proves {@code P < 0} on it (the cubic Hermite
     * interpolant of its end values and slopes, at most {@code max(P(a), P(b)) + 4/27 h (|P'(a)| + |P'(b)|)}, plus the
     * interpolation error {@code h^4 / 384 max |P''''|}); a bracket is refined until {@code P} is provably monotone on
     * it ({@code P'(a) > h max |P''|}) or it is 2^-52 long, then polished by safeguarded Newton steps. A touch of zero by
     * less than about 1e-15 of the coefficients' size counts as no crossing.
     *
     * @param c   coefficients, {@code c[0] = P(0) < 0}
     * @param deg the degree
     * @return the crossing, in {@code (0, 1]}, or NaN
     */
    public static double firstCrossing(double[] c, int deg) {
        double m2 = 0.0;
        double m4 = 0.0;
        double size = 0.0;
        for (int k = 0; k <= deg; k++) {
            double a = Math.abs(c[k]);
            size += a;
            m2 += (double) k * (k - 1) * a;
            m4 += (double) k * (k - 1) * (k - 2) * (k - 3) * a;
        }
        return find(c, deg, m2, m4, 1e-15 * size, 0.0, c[0], deg >= 1 ? c[1] : 0.0, 1.0, poly(c, deg, 1.0),
                polyDerivative(c, deg, 1.0), 0);
    }

    /** The first crossing in {@code (a, b]} ({@code pa < 0}); m2, m4: bounds of |P''|, |P''''| on [0, 1]. */
    private static double find(double[] c, int deg, double m2, double m4, double margin, double a, double pa,
                               double da, double b, double pb, double db, int depth) {
        double h = b - a;
        if (pb >= 0.0 && (da - h * m2 > 0.0 || depth >= MAX_DEPTH)) {
            // a crossing in (a, b], the only one: P rises monotonically here (or the bracket is at rounding size)
            return polish(c, deg, a, pa, b, pb);
        }
        if (pb < 0.0) {
            double bound = Math.max(pa, pb) + (4.0 / 27.0) * h * (Math.abs(da) + Math.abs(db))
                    + h * h * h * h / 384.0 * m4 + margin;
            if (bound < 0.0 || depth >= MAX_DEPTH) {
                return Double.NaN;                  // provably below zero on [a, b] (or a touch below rounding)
            }
        }
        double m = a + 0.5 * h;
        double pm = poly(c, deg, m);
        double dm = polyDerivative(c, deg, m);
        double r = find(c, deg, m2, m4, margin, a, pa, da, m, pm, dm, depth + 1);
        if (!Double.isNaN(r) || pm >= 0.0) {
            return r;
        }
        return find(c, deg, m2, m4, margin, m, pm, dm, b, pb, db, depth + 1);
    }

    /**
     * The root in {@code (a, b]} ({@code pa < 0 <= pb}, one crossing), as its at-or-above end: Newton steps from the
     * bracket's ends, kept inside the bracket (bisection where a step would leave it), which shrinks to two ulps.
     */
    private static double polish(double[] c, int deg, double a, double pa, double b, double pb) {
        double x = a - pa * (b - a) / (pb - pa);
        for (int it = 0; it < 200; it++) {
            if (!(x > a && x < b)) {
                x = a + 0.5 * (b - a);
            }
            double px = poly(c, deg, x);
            if (px >= 0.0) {
                b = x;
            } else {
                a = x;
            }
            if (!(b - a > 2.0 * Math.ulp(b))) {
                break;
            }
            double dx = polyDerivative(c, deg, x);
            double nx = x - px / dx;
            if (nx == x) {
                // converged to rounding: the root is at x; step to the other side of it by an ulp to close the bracket
                nx = px >= 0.0 ? Math.nextDown(x) : Math.nextUp(x);
            }
            x = nx;
        }
        return b;
    }
}
