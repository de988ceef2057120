package org.eventprop4j.autodiff;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.LifClosedForm;

/**
 * Closed-form EventProp adjoint of the {@link LIF} neuron (no numerical integration), in the convention
 * {@code lam = dL/dy}. Between events, backward over a gap {@code S} with {@code xm = e^{-S/tau_mem}},
 * {@code xs = e^{-S/tau_syn}}:
 * <pre>
 *   lam_V(t - S) = lam_V(t) xm          lam_I(t - S) = lam_I(t) xs + lam_V(t) K(S)
 * </pre>
 * with the forward kernel {@code K}. Parameter gradients are integrals of products of exponentials, in closed form
 * (with {@code z = S (tau_mem - tau_syn) / (tau_syn tau_mem)}, {@code xm phi = xm (1 - e^{-z}) / z = K tau_mem / S},
 * {@code psi = (z - 1 + e^{-z}) / z^2}, {@code chi = (1 - (1 + z) e^{-z}) / z^2}, evaluated by series near 0 so
 * that equal and nearly equal taus are exact):
 * <pre>
 *   dL/dbias    += int lam_V / tau_mem dt                     = lam_V (1 - xm)
 *   dL/dtau_mem += -(1/tau_mem^2) int lam_V (-V + I + b) dt   = -(lam_V S / tau_mem^2) (I0 xm (phi - (S/tau_mem) psi) - (V0 - b) xm)
 *   dL/dtau_syn += (1/tau_syn^2) int lam_I I dt               = (S I0 / tau_syn^2) (lam_I xs + lam_V (S/tau_mem) xm chi)
 * </pre>
 * At an input spike {@code lam} is continuous, {@code dL/dw += lam_I} and the input spike's time gets
 * {@code lam . (f(y-) - f(y+))}. At the neuron's own spike ({@code g = V - thresh}, reset {@code V = 0}):
 * {@code Q = dL/dt_k - lam_V f_V(y+)}, {@code lam_V- = -Q / f_V(y-)}, {@code dL/dthresh += Q / f_V(y-)}, where
 * {@code f_V(y-) = (I + b - thresh) / tau_mem}; a (numerically) tangential crossing ({@code tau_mem f_V(y-)} below
 * 1e-12 relative) has an unbounded derivative: its jump term is dropped and counted instead of returning inf/NaN.
 */
final class LifAdjoint implements NeuronAdjoint {

    private static final double SERIES = 0.05;
    private static final double TANGENTIAL = 1e-12;

    private final boolean paramGrads;

    /** @param paramGrads whether to compute neuron-parameter gradients (weights and input errors always) */
    LifAdjoint(boolean paramGrads) {
        this.paramGrads = paramGrads;
    }

    private double lamV;
    private double lamI;
    private double gBias;
    private double gTm;
    private double gTs;

    /** {@code xm psi(z)}, {@code psi = sum (-z)^n / (n+2)!}. */
    static double xmPsi(double z, double xm, double xs) {
        if (Math.abs(z) < SERIES) {
            double s = 0.0;
            double term = 0.5;
            for (int n = 0; n <= 7; n++) {
                s += term;
                term *= -z / (n + 3);
            }
            return xm * s;
        }
        return (xm * (z - 1.0) + xs) / (z * z);
    }

    /** {@code xm chi(z)}, {@code chi = sum (-1)^n (n+1) z^n / (n+2)!}. */
    static double xmChi(double z, double xm, double xs) {
        if (Math.abs(z) < SERIES) {
            double s = 0.0;
            double pow = 0.5;          // (-z)^n / (n+2)!
            for (int n = 0; n <= 7; n++) {
                s += (n + 1) * pow;
                pow *= -z / (n + 3);
            }
            return xm * s;
        }
        return (xm - xs * (1.0 + z)) / (z * z);
    }

    // the neuron's replayed events in forward order; segment data describe the gap that ends at the event
    private int n;
    private double[] time = new double[64];
    private byte[] kind = new byte[64];
    private int[] ref = new int[64];
    private double[] vPre = new double[64];
    private double[] iPre = new double[64];
    private double[] vPost = new double[64];
    private double[] iPost = new double[64];
    private double[] gap = new double[64];
    private double[] decM = new double[64];
    private double[] decS = new double[64];
    private double[] ker = new double[64];

    private void grow() {
        int cap = 2 * time.length;
        time = java.util.Arrays.copyOf(time, cap);
        kind = java.util.Arrays.copyOf(kind, cap);
        ref = java.util.Arrays.copyOf(ref, cap);
        vPre = java.util.Arrays.copyOf(vPre, cap);
        iPre = java.util.Arrays.copyOf(iPre, cap);
        vPost = java.util.Arrays.copyOf(vPost, cap);
        iPost = java.util.Arrays.copyOf(iPost, cap);
        gap = java.util.Arrays.copyOf(gap, cap);
        decM = java.util.Arrays.copyOf(decM, cap);
        decS = java.util.Arrays.copyOf(decS, cap);
        ker = java.util.Arrays.copyOf(ker, cap);
    }

    // decays of the gaps between consecutive input spikes, shared by the neurons of a layer that have the same taus
    private Object cacheInput;
    private double cacheTs;
    private double cacheTm;
    private double[] cacheM = new double[64];
    private double[] cacheS = new double[64];
    private double[] cacheK = new double[64];

    private void prepareCache(NeuronTask t, double ts, double tm) {
        if (cacheInput == t.input && cacheTs == ts && cacheTm == tm) {
            return;
        }
        int nIn = t.input.size();
        if (cacheM.length < nIn) {
            cacheM = new double[nIn];
            cacheS = new double[nIn];
            cacheK = new double[nIn];
        }
        java.util.Arrays.fill(cacheM, 0, nIn, Double.NaN);
        cacheInput = t.input;
        cacheTs = ts;
        cacheTm = tm;
    }

    private void record(byte k, int r, double t, double vb, double ib, double va, double ia, double s, double xm,
                        double xs, double kk) {
        if (n == time.length) {
            grow();
        }
        time[n] = t;
        kind[n] = k;
        ref[n] = r;
        vPre[n] = vb;
        iPre[n] = ib;
        vPost[n] = va;
        iPost[n] = ia;
        gap[n] = s;
        decM[n] = xm;
        decS[n] = xs;
        ker[n] = kk;
        n++;
    }

    /**
     * Closed-form replay of the neuron from its known spikes, up to {@code task.until}: the same event order as the
     * simulator's replay (own spike, then inputs, then samples at equal times; LIF cannot be pushed over threshold
     * by an input jump), keeping each gap's decay factors for the backward pass.
     */
    private void replay(NeuronTask t, double ts, double tm, double b) {
        n = 0;
        final double[] in = t.input.times();
        final int[] src = t.input.sources();
        final double[] own = t.ownTimes;
        final int ownTo = t.ownTo;
        final double[] samples = t.sampleTimes;
        final double until = t.until;
        final int nIn = in.length;
        final int nS = samples == null ? 0 : samples.length;
        double v = 0.0;
        double cur = 0.0;
        double prev = 0.0;
        int k = 0;
        int o = t.ownFrom;
        int q = 0;
        prepareCache(t, ts, tm);
        while (true) {
            double nextIn = k < nIn ? in[k] : Double.POSITIVE_INFINITY;
            double nextOwn = o < ownTo ? own[o] : Double.POSITIVE_INFINITY;
            double nextSample = q < nS ? samples[q] : Double.POSITIVE_INFINITY;
            double stop = Math.min(Math.min(nextIn, nextOwn), nextSample);
            if (stop > until || stop == Double.POSITIVE_INFINITY) {
                return;
            }
            double s = stop - prev;
            double xm = 1.0;
            double xs = 1.0;
            double kk = 0.0;
            if (s > 0.0) {
                // the gap from input spike k-1 (or t = 0) to input spike k is the same for every neuron of the layer
                boolean shared = nextIn == stop && prev == (k == 0 ? 0.0 : in[k - 1]);
                if (shared && !Double.isNaN(cacheM[k])) {
                    xm = cacheM[k];
                    xs = cacheS[k];
                    kk = cacheK[k];
                } else {
                    xm = Math.exp(-s / tm);
                    xs = Math.exp(-s / ts);
                    kk = LifClosedForm.kernel(s, xm, xs, tm, ts);
                    if (shared) {
                        cacheM[k] = xm;
                        cacheS[k] = xs;
                        cacheK[k] = kk;
                    }
                }
                v = b + (v - b) * xm + cur * kk;
                cur *= xs;
            }
            if (nextOwn == stop) {
                record(Timeline.SPIKE, o++, stop, v, cur, 0.0, cur, s, xm, xs, kk);
                v = 0.0;
                s = 0.0;
                xm = 1.0;
                xs = 1.0;
                kk = 0.0;
            }
            while (k < nIn && in[k] == stop) {
                double after = cur + t.weights[src[k] * t.size + t.neuron];
                record(Timeline.INPUT, k++, stop, v, cur, v, after, s, xm, xs, kk);
                cur = after;
                s = 0.0;
                xm = 1.0;
                xs = 1.0;
                kk = 0.0;
            }
            while (q < nS && samples[q] == stop) {
                record(Timeline.SAMPLE, q++, stop, v, cur, v, cur, s, xm, xs, kk);
                s = 0.0;
                xm = 1.0;
                xs = 1.0;
                kk = 0.0;
            }
            prev = stop;
        }
    }

    /**
     * Moves the adjoint back over the gap that ends at event {@code e}, whose forward state starts at
     * {@code (v0, i0)}.
     */
    private void propagate(int e, double v0, double i0, double ts, double tm, double b) {
        double s = gap[e];
        if (!(s > 0.0) || (lamV == 0.0 && lamI == 0.0)) {
            return;
        }
        double xm = decM[e];
        double xs = decS[e];
        double lv = lamV;
        double li = lamI;
        lamV = lv * xm;
        lamI = li * xs + lv * ker[e];
        if (!paramGrads) {
            return;
        }
        double z = s * ((tm - ts) / ts) / tm;
        if (lv != 0.0) {
            gBias += lv * (1.0 - xm);
            // xm phi(z) = K(s) tau_mem / s: the kernel of this gap, computed once by the replay
            gTm += -(lv * s / (tm * tm)) * (i0 * (ker[e] * tm / s - (s / tm) * xmPsi(z, xm, xs)) - (v0 - b) * xm);
        }
        gTs += (s * i0 / (ts * ts)) * (li * xs + lv * (s / tm) * xmChi(z, xm, xs));
    }

    @Override
    public void backward(NeuronTask t) {
        final double[] p = t.p;
        final double ts = p[LIF.TAU_SYN];
        final double tm = p[LIF.TAU_MEM];
        final double b = p[LIF.BIAS];
        replay(t, ts, tm, b);
        lamV = 0.0;
        lamI = 0.0;
        gBias = 0.0;
        gTm = 0.0;
        gTs = 0.0;
        double gTh = 0.0;
        for (int e = n - 1; e >= 0; e--) {
            int r = ref[e];
            switch (kind[e]) {
                case Timeline.SAMPLE -> {
                    if (t.sampleErrors != null) {
                        lamV += t.sampleErrors[2 * r];
                        lamI += t.sampleErrors[2 * r + 1];
                    }
                }
                case Timeline.INPUT -> {
                    int j = t.input.sources()[r];
                    t.weightGrad[j * t.size + t.neuron] += lamI;
                    double dfV = ((iPre[e] - vPre[e]) - (iPost[e] - vPost[e])) / tm;
                    double dfI = (iPost[e] - iPre[e]) / ts;
                    t.inputErrors[r] += lamV * dfV + lamI * dfI;
                }
                default -> {
                    double cur = iPre[e];
                    double fvPre = (-vPre[e] + cur + b) / tm;
                    double fvPost = (-vPost[e] + iPost[e] + b) / tm;
                    double q = t.ownErrors[r] - lamV * fvPost;
                    if (Math.abs(fvPre) * tm <= TANGENTIAL * (Math.abs(cur) + Math.abs(b) + p[LIF.THRESH])) {
                        t.tangential++;
                        lamV = 0.0;
                    } else {
                        lamV = -q / fvPre;
                        gTh += q / fvPre;
                    }
                }
            }
            if (e > 0) {
                propagate(e, vPost[e - 1], iPost[e - 1], ts, tm, b);
            } else {
                propagate(0, 0.0, 0.0, ts, tm, b);
            }
        }
        if (!paramGrads) {
            return;
        }
        t.paramGrad[LIF.TAU_SYN][t.neuron] += gTs;
        t.paramGrad[LIF.TAU_MEM][t.neuron] += gTm;
        t.paramGrad[LIF.BIAS][t.neuron] += gBias;
        t.paramGrad[LIF.THRESH][t.neuron] += gTh;
    }
}
