package org.eventprop4j.core.model;

/**
 * Exact solution of the {@link LIF} equations between events and exact search for the next threshold crossing.
 *
 * <p>Over a gap {@code s} without events, with {@code c = (tau_mem - tau_syn) / tau_syn}:
 * <pre>
 *   I(s) = I e^{-s/tau_syn}
 *   V(s) = b + (V - b) e^{-s/tau_mem} + I K(s),    K(s) = (e^{-s/tau_mem} - e^{-s/tau_syn}) / c
 * </pre>
 * {@code K} is evaluated as {@code -e^{-s/tau_mem} expm1(-s c / tau_mem) / c} when {@code |s c / tau_mem| <= 1}, which
 * is exact for equal and nearly equal time constants ({@code K = (s / tau_mem) e^{-s/tau_mem}} when
 * {@code c == 0}).
 *
 * <p>Crossing search: {@code V} has at most one stationary point, available in closed form; the first crossing is
 * bracketed by the start of the interval and {@code min(stationary point, gap)} and solved by Newton's method
 * safeguarded by bisection, to about 1e-15 ms. A necessary condition ({@code max(I, 0) + b >= thresh}, since
 * {@code dV/dt >= 0} at an upward crossing) rejects most intervals without any exponential. A crossing that only
 * touches the threshold counts.
 */
public final class LifClosedForm implements ClosedForm {

    private static final int TS = LIF.TAU_SYN;
    private static final int TM = LIF.TAU_MEM;
    private static final int B = LIF.BIAS;
    private static final int TH = LIF.THRESH;
    private static final int MAX_ITER = 200;

    /**
     * Whether the first {@code size} neurons of a layer ({@code params} in {@link LIF} order) share both taus.
     *
     * @param params the layer's parameters, {@code [k][neuron]}
     * @param size   number of neurons to compare
     * @return whether all their {@code tau_syn} and all their {@code tau_mem} are equal
     */
    public static boolean sharedTaus(double[][] params, int size) {
        double ts = params[TS][0];
        double tm = params[TM][0];
        for (int i = 1; i < size; i++) {
            if (params[TS][i] != ts || params[TM][i] != tm) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code k = tau_mem / tau_syn} if it is an integer in {@code [2, 8]} exactly ({@code k tau_syn == tau_mem}), else
     * 0. Then {@code e^{-s/tau_syn} = (e^{-s/tau_mem})^k}: one exponential serves both decays ({@link #pow}).
     *
     * @param tm {@code tau_mem}, ms
     * @param ts {@code tau_syn}, ms
     * @return {@code k}, or 0
     */
    public static int integerRatio(double tm, double ts) {
        int k = (int) Math.rint(tm / ts);
        return k >= 2 && k <= 8 && k * ts == tm ? k : 0;
    }

    /**
     * {@code x^k} for {@code 1 <= k <= 8} by a fixed sequence of multiplications (so every caller rounds alike).
     *
     * @param x the base
     * @param k the exponent, 1 to 8
     * @return {@code x^k}
     */
    public static double pow(double x, int k) {
        double x2 = x * x;
        switch (k) {
            case 1: return x;
            case 2: return x2;
            case 3: return x2 * x;
            case 4: return x2 * x2;
            case 5: return x2 * x2 * x;
            case 6: return x2 * x2 * x2;
            case 7: return x2 * x2 * x2 * x;
            default: {
                double x4 = x2 * x2;
                return x4 * x4;
            }
        }
    }

    /**
     * {@code K(s)} of the class comment, given {@code xm = e^{-s/tm}} and {@code xs = e^{-s/ts}}.
     *
     * @param s  the elapsed time, ms
     * @param xm {@code e^{-s/tm}}
     * @param xs {@code e^{-s/ts}}
     * @param tm {@code tau_mem}, ms
     * @param ts {@code tau_syn}, ms
     * @return {@code K(s)}
     */
    public static double kernel(double s, double xm, double xs, double tm, double ts) {
        double c = (tm - ts) / ts;
        if (c == 0.0) {
            return xm * s / tm;
        }
        double z = s * c / tm;
        if (Math.abs(z) <= 1.0) {
            return -xm * Math.expm1(-z) / c;
        }
        return (xm - xs) / c;
    }

    /**
     * Membrane potential a time {@code s} after a state {@code (v, i)}.
     *
     * @param v  the membrane potential at the start
     * @param i  the synaptic current at the start
     * @param s  the elapsed time, ms
     * @param tm {@code tau_mem}, ms
     * @param ts {@code tau_syn}, ms
     * @param b  the bias
     * @return {@code V(s)}
     */
    public static double potential(double v, double i, double s, double tm, double ts, double b) {
        double xm = Math.exp(-s / tm);
        double xs = Math.exp(-s / ts);
        return b + (v - b) * xm + i * kernel(s, xm, xs, tm, ts);
    }

    @Override
    public void flow(double[] y, double[] p, double s) {
        double tm = p[TM];
        double ts = p[TS];
        double b = p[B];
        double xm = Math.exp(-s / tm);
        double xs = Math.exp(-s / ts);
        double v = y[LIF.V];
        double i = y[LIF.I];
        y[LIF.V] = b + (v - b) * xm + i * kernel(s, xm, xs, tm, ts);
        y[LIF.I] = i * xs;
    }

    /**
     * Time of the stationary point of {@code V} after state {@code (v, i)}, or NaN if {@code V} is not increasing at
     * the start or has no stationary point later (then it is monotone).
     *
     * @param v  the membrane potential
     * @param i  the synaptic current
     * @param tm {@code tau_mem}, ms
     * @param ts {@code tau_syn}, ms
     * @param b  the bias
     * @return the time of the stationary point, ms after the state, or NaN
     */
    public static double maximumTime(double v, double i, double tm, double ts, double b) {
        double u = v - b;
        if (!(i - u > 0.0) || i == 0.0) {
            return Double.NaN;
        }
        double c = (tm - ts) / ts;
        double x = (u / i - 1.0) / (1.0 + c);
        double s;
        if (c == 0.0) {
            s = -tm * x;
        } else {
            double a = c * x;
            if (!(a > -1.0)) {
                return Double.NaN;
            }
            s = -tm * Math.log1p(a) / c;
        }
        return s > 0.0 ? s : Double.NaN;
    }

    @Override
    public double nextCrossing(double[] y, double[] p, double gap) {
        if (!(gap > 0.0)) {
            return Double.NaN;
        }
        double tm = p[TM];
        double ts = p[TS];
        double b = p[B];
        double th = p[TH];
        double v0 = y[LIF.V];
        double i0 = y[LIF.I];
        if (Math.max(i0, 0.0) + b < th) {
            return Double.NaN;
        }
        double hi = gap;
        double sMax = maximumTime(v0, i0, tm, ts, b);
        if (sMax < gap) {
            hi = sMax;
        }
        double fhi = potential(v0, i0, hi, tm, ts, b) - th;
        if (fhi < 0.0) {
            return Double.NaN;
        }
        if (fhi == 0.0) {
            return hi;
        }
        double lo = 0.0;
        double flo = v0 - th;
        double s = lo + (hi - lo) * (-flo) / (fhi - flo);
        if (!(s > lo && s < hi)) {
            s = 0.5 * (lo + hi);
        }
        for (int it = 0; it < MAX_ITER; it++) {
            double xm = Math.exp(-s / tm);
            double xs = Math.exp(-s / ts);
            double v = b + (v0 - b) * xm + i0 * kernel(s, xm, xs, tm, ts);
            double f = v - th;
            if (f == 0.0) {
                return s;
            }
            if (f < 0.0) {
                lo = s;
            } else {
                hi = s;
            }
            double df = (-v + i0 * xs + b) / tm;
            double next = s - f / df;
            if (!(df > 0.0) || !(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            double tol = 1e-15 * Math.max(1.0, s);
            if (Math.abs(next - s) <= tol || hi - lo <= tol) {
                return next;
            }
            s = next;
        }
        return s;
    }

    @Override
    public double spikeCondition(double[] y, double[] p) {
        return y[LIF.V] - p[TH];
    }

    @Override
    public void inputSpike(double[] y, double w, double[] p) {
        y[LIF.I] += w;
    }

    @Override
    public void resetSpiked(double[] y, double[] p) {
        y[LIF.V] = 0.0;
    }
}
