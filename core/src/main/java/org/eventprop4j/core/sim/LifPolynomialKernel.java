package org.eventprop4j.core.sim;

import static org.eventprop4j.core.model.LifClosedForm.pow;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.LifClosedForm;

/**
 * Fast exact simulation of a LIF layer whose neurons share {@code tau_syn} and {@code tau_mem} with an integer ratio
 * {@code k = tau_mem / tau_syn} in {@code [2, 8]} (the usual 20 ms / 5 ms gives 4).
 *
 * <p>With {@code x = e^{-s/tau_mem}} the synaptic decay is {@code x^k}, so between events
 * {@code V(x) = b + A x + B x^k} with {@code B = -I/(k-1)}, {@code A = V - b - B}: a polynomial. The decay factor of
 * each inter-event interval is computed once for the whole layer (one {@code exp} per interval); a neuron's state is
 * advanced with a few multiply-adds; the necessary condition {@code max(I, 0) + b >= thresh} rejects most intervals;
 * whether the stationary point {@code x*^{k-1} = r = A (k-1) / (k I)} reaches the threshold is decided by comparing
 * products of powers, without divisions or roots; the crossing is a Halley root of the polynomial,
 * safeguarded by bisection, converged to a relative 1e-14 in {@code x} before a last step (about 1e-13 ms in time at
 * worst), and turned into a time by one {@code log}. The results agree with {@link LifClosedForm} to rounding (the
 * property tests compare both). Layers that do not qualify use the general closed form.
 *
 * <p>The layer is processed event-major: for each inter-event interval, a branch-free pass advances every neuron
 * and computes the tangent bound (vectorised by the JIT), a second pass gives the few neurons that may cross the
 * exact decision and their exact spikes, then the interval's spikes are put in time order and the input jumps are
 * added row-wise.
 */
final class LifPolynomialKernel {

    private static final int MAX_ITER = 200;
    /** Longest interval, in units of tau_mem, for which x does not underflow comfortably. */
    private static final double MAX_GAP_OVER_TAU = 600.0;

    private final double[] y = new double[2];
    private double[] stops = new double[16];
    private double[] decay = new double[16];
    private double[] vA = new double[0];
    private double[] iA = new double[0];
    private double[] vB = new double[0];
    private double[] iB = new double[0];
    private double[] bound = new double[0];

    /** The integer ratio tau_mem / tau_syn shared by the layer if it qualifies, else 0. */
    static int ratio(double[][] params, int size) {
        return LifClosedForm.sharedTaus(params, size)
                ? LifClosedForm.integerRatio(params[LIF.TAU_MEM][0], params[LIF.TAU_SYN][0]) : 0;
    }

    /**
     * Runs the layer; returns false (doing nothing) if an interval is too long for the polynomial form, in which case
     * the caller uses the general path.
     */
    boolean run(int layer, Spikes input, double[] weights, int size, double[][] params, int k, double tEnd,
                SpikeBuffer buffer, EventBudget budget) {
        final double tm = params[LIF.TAU_MEM][0];
        final double[] times = input.times();
        final int[] src = input.sources();
        final int nIn = times.length;
        // distinct stop times: input times, then T
        int nStops = 0;
        if (stops.length < nIn + 1) {
            stops = new double[nIn + 1];
            decay = new double[nIn + 1];
        }
        double prev = 0.0;
        for (int q = 0; q <= nIn; q++) {
            double t = q < nIn ? times[q] : tEnd;
            if (nStops > 0 && t == stops[nStops - 1]) {
                continue;
            }
            double gap = t - prev;
            if (gap > MAX_GAP_OVER_TAU * tm) {
                return false;
            }
            stops[nStops] = t;
            decay[nStops] = Math.exp(-gap / tm);
            nStops++;
            prev = t;
        }
        final double c = k - 1.0;
        final double invC = 1.0 / c;
        final double kk = pow(k, k);
        final double[] bias = params[LIF.BIAS];
        final double[] thresh = params[LIF.THRESH];
        if (vA.length < size) {
            vA = new double[size];
            iA = new double[size];
            vB = new double[size];
            iB = new double[size];
            bound = new double[size];
        }
        double[] vCur = vA;
        double[] iCur = iA;
        double[] vNext = vB;
        double[] iNext = iB;
        final double[] tb = bound;
        java.util.Arrays.fill(vCur, 0, size, 0.0);
        java.util.Arrays.fill(iCur, 0, size, 0.0);
        buffer.markSorted();
        double tStart = 0.0;
        int e = 0;
        for (int q = 0; q < nStops; q++) {
            final double xg0 = decay[q];
            final double xgk0 = pow(xg0, k);
            final double xgk1 = pow(xg0, k - 1);
            final double stop = stops[q];
            final double kern = (xg0 - xgk0) * invC;
            final double rise = 1.0 - xg0;
            final int first = buffer.size();
            // pass 1, branch-free (the JIT vectorises it): every neuron's state at the interval end assuming no
            // spike, and the tangent bound on V over the interval (valid where I > 0)
            for (int i = 0; i < size; i++) {
                double v = vCur[i];
                double cur = iCur[i];
                double b = bias[i];
                vNext[i] = b + (v - b) * xg0 + cur * kern;
                iNext[i] = cur * xgk0;
                tb[i] = v + (cur - v + b) * rise;
            }
            // pass 2: the few neurons that may cross (about 1 % of them on Fashion-MNIST) get the exact decision
            // and, if needed, the exact spikes; the filter is one well-predicted branch (a superset of the exact
            // decision's necessary condition: candidate() requires I > 0 for the tangent bound)
            for (int i = 0; i < size; i++) {
                final double th = thresh[i];
                double vEnd = vNext[i];
                if (!((vEnd >= th) | (tb[i] >= th))) {
                    continue;
                }
                double cur = iCur[i];
                double v = vCur[i];
                final double b = bias[i];
                if (!candidate(v, cur, b, th, xg0, xgk1, vEnd, k, c, kk)) {
                    continue;
                }
                // exact search, possibly several spikes in this interval
                double xg = xg0;
                double xgk = xgk0;
                double ts = tStart;
                while (true) {
                    double x = crossing(v, cur, b, th, xg, k, c, vEnd);
                    if (Double.isNaN(x)) {
                        break;
                    }
                    double xk = pow(x, k);
                    double tSpike = Math.min(ts - tm * Math.log(x), stop);
                    y[LIF.V] = b + (v - b) * x + cur * (x - xk) * invC;
                    cur *= xk;
                    y[LIF.I] = cur;
                    budget.consume(1, layer, i, tSpike);
                    buffer.currentNeuron = i;
                    buffer.spike(tSpike, y);
                    v = 0.0;
                    xg /= x;
                    xgk = pow(xg, k);
                    ts = tSpike;
                    vEnd = b + (v - b) * xg + cur * (xg - xgk) * invC;
                    if (!candidate(v, cur, b, th, xg, xgk / xg, vEnd, k, c, kk)) {
                        break;
                    }
                }
                vNext[i] = vEnd;
                iNext[i] = cur * xgk;
            }
            buffer.sortTail(first);
            double[] sw = vCur;
            vCur = vNext;
            vNext = sw;
            sw = iCur;
            iCur = iNext;
            iNext = sw;
            tStart = stop;
            while (e < nIn && times[e] == stop) {
                final int row = src[e] * size;
                for (int i = 0; i < size; i++) {
                    iCur[i] += weights[row + i];
                }
                e++;
            }
        }
        return true;
    }

    /**
     * Decay factor {@code x in [xg, 1)} of the first threshold crossing in the interval, or NaN if none. State
     * {@code (v, i)} at the interval start, where {@code v < th}; {@code vEnd} is the potential at the interval end.
     *
     * <p>In {@code x}, {@code P(x) = V(x) - th} is concave for {@code i > 0} and convex for {@code i <= 0}. Convex: the
     * maximum over the interval is at an end. Concave: the tangent at {@code x = 1} bounds {@code V} from above,
     * which rejects most intervals without a root; otherwise the stationary point brackets the first crossing.
     * Halley's method starts from the chord of the bracket, safeguarded by bisection.
     */
    /**
     * Whether the interval may hold a crossing: the same exact decision as {@link #crossing} (the potential at the
     * end reaches the threshold, or the maximum inside the interval does), evaluated without branches so that the
     * many intervals without a spike cost a few multiply-adds and no mispredicted jump.
     */
    private static boolean candidate(double v, double i, double b, double th, double xg, double xgk1, double vEnd,
                                     int k, double c, double kk) {
        double ac = c * (v - b) + i;
        double ki = k * i;
        double d = th - b;
        return (vEnd >= th) | ((i > 0.0) & (v + (i - v + b) * (1.0 - xg) >= th) & (ac > ki * xgk1) & (ac < ki)
                & ((d <= 0.0) | (pow(ac, k) >= kk * i * pow(d, k - 1))));
    }

    /** The stationary point {@code x* = (a (k-1) / (k i))^(1/(k-1))}. */
    private static double stationary(double a, double c, int k, double i) {
        double r = a * c / (k * i);
        return k == 2 ? r : k == 3 ? Math.sqrt(r) : k == 4 ? Math.cbrt(r) : Math.pow(r, 1.0 / (k - 1));
    }

    static double crossing(double v, double i, double b, double th, double xg, int k, double c, double vEnd) {
        double plo = vEnd - th;
        boolean concave = i > 0.0;
        if (plo < 0.0) {
            if (!concave || v + (i - v + b) * (1.0 - xg) < th) {
                return Double.NaN;
            }
            // stationary point x*: x*^(k-1) = r = ac / (k i) with ac = (k-1)(v-b) + i; inside iff xg^(k-1) < r < 1.
            // V(x*) = b + i x*^k >= th  <=>  ac^k >= k^k i (th-b)^(k-1)  (i > 0): decided without divisions or roots
            double ac = c * (v - b) + i;
            double ki = k * i;
            if (!(ac > ki * pow(xg, k - 1) && ac < ki)) {
                return Double.NaN;
            }
            double d = th - b;
            if (d > 0.0 && pow(ac, k) < pow(k, k) * i * pow(d, k - 1)) {
                return Double.NaN;
            }
        }
        final double bb = -i / c;
        final double a = v - b - bb;
        double lo = xg;      // P(lo) >= 0 once bracketed (later in time)
        double hi = 1.0;     // P(hi) < 0 (interval start)
        double x;
        if (plo < 0.0) {
            // the maximum x* in (xg, 1) reaches the threshold: the root lies in (x*, 1), where P is concave and
            // decreasing; iterating from x = 1 approaches it monotonically from the right, so x* itself (a root
            // of order k-1) is needed only as a lower bound for bisection, which stays off unless rounding strays
            lo = Double.NaN;
            x = hi;
        } else {
            if (plo == 0.0) {
                return lo;
            }
            double phi = v - th;
            x = hi + (lo - hi) * phi / (phi - plo);
            if (!(x > lo && x < hi)) {
                x = concave ? hi : lo;
            }
        }
        final double kb = k * bb;
        final double kkb = (k - 1) * kb;
        double prevStep = Double.POSITIVE_INFINITY;
        for (int it = 0; it < MAX_ITER; it++) {
            double xk2 = k == 2 ? 1.0 : pow(x, k - 2);
            double xk1 = xk2 * x;
            double pv = b + (a + bb * xk1) * x - th;
            double dp = a + kb * xk1;
            if (Double.isNaN(lo) && !(dp < 0.0)) {
                // strayed to the left of the maximum (P' >= 0 there): bracket with the maximum and bisect
                lo = stationary(a, c, k, i);
                x = 0.5 * (lo + hi);
                continue;
            }
            if (pv == 0.0) {
                return x;
            }
            if (pv < 0.0) {
                hi = x;
            } else {
                lo = x;
            }
            double d2p = kkb * xk2;
            // Halley: x - 2 P P' / (2 P'^2 - P P'')
            double next = x - 2.0 * pv * dp / (2.0 * dp * dp - pv * d2p);
            if (Double.isNaN(lo) ? !(next < hi) : !(next > lo && next < hi)) {
                if (Double.isNaN(lo)) {
                    lo = stationary(a, c, k, i);
                }
                next = 0.5 * (lo + hi);
            }
            double tol = 1e-14 * x;
            double step = Math.abs(next - x);
            // Halley converges cubically: once a step is below 1e-5 and clearly superlinear (under 1% of the
            // previous one), the next step would be below the tolerance, so it can be taken as final
            if (step <= tol || hi - lo <= tol || (step <= 1e-5 * x && step <= 0.01 * prevStep)) {
                return next;
            }
            prevStep = step;
            x = next;
        }
        return x;
    }
}
