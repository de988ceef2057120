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
 * (with {@code z = S (tau_mem - tau_syn) / (tau_syn tau_mem)}, {@code phi = (1 - e^{-z}) / z},
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

    private double lamV;
    private double lamI;
    private double gBias;
    private double gTm;
    private double gTs;

    /** {@code xm phi(z)}. */
    static double xmPhi(double z, double xm, double xs) {
        if (z == 0.0) {
            return xm;
        }
        if (Math.abs(z) <= 1.0) {
            return -xm * Math.expm1(-z) / z;
        }
        return (xm - xs) / z;
    }

    /** {@code xm psi(z)}, {@code psi = sum (-z)^n / (n+2)!}. */
    static double xmPsi(double z, double xm, double xs) {
        if (Math.abs(z) < SERIES) {
            double s = 0.0;
            double term = 0.5;
            for (int n = 0; n <= 9; n++) {
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
            for (int n = 0; n <= 9; n++) {
                s += (n + 1) * pow;
                pow *= -z / (n + 3);
            }
            return xm * s;
        }
        return (xm - xs * (1.0 + z)) / (z * z);
    }

    /** Moves the adjoint back over a gap {@code s} whose forward state starts at {@code (v0, i0)}. */
    private void propagate(double s, double v0, double i0, double ts, double tm, double b) {
        if (!(s > 0.0) || (lamV == 0.0 && lamI == 0.0)) {
            return;
        }
        double xm = Math.exp(-s / tm);
        double xs = Math.exp(-s / ts);
        double z = s * ((tm - ts) / ts) / tm;
        double k = LifClosedForm.kernel(s, xm, xs, tm, ts);
        double lv = lamV;
        double li = lamI;
        if (lv != 0.0) {
            gBias += -lv * Math.expm1(-s / tm);
            gTm += -(lv * s / (tm * tm)) * (i0 * (xmPhi(z, xm, xs) - (s / tm) * xmPsi(z, xm, xs)) - (v0 - b) * xm);
        }
        gTs += (s * i0 / (ts * ts)) * (li * xs + lv * (s / tm) * xmChi(z, xm, xs));
        lamV = lv * xm;
        lamI = li * xs + lv * k;
    }

    @Override
    public void backward(NeuronTask t) {
        final Timeline tl = t.timeline;
        final double[] p = t.p;
        final double ts = p[LIF.TAU_SYN];
        final double tm = p[LIF.TAU_MEM];
        final double b = p[LIF.BIAS];
        lamV = 0.0;
        lamI = 0.0;
        gBias = 0.0;
        gTm = 0.0;
        gTs = 0.0;
        double gTh = 0.0;
        final double[] pre = tl.pre;
        final double[] post = tl.post;
        for (int e = tl.n - 1; e >= 0; e--) {
            if (e < tl.n - 1) {
                propagate(tl.time[e + 1] - tl.time[e], post[2 * e], post[2 * e + 1], ts, tm, b);
            }
            int r = tl.ref[e];
            switch (tl.kind[e]) {
                case Timeline.SAMPLE -> {
                    if (t.sampleErrors != null) {
                        lamV += t.sampleErrors[2 * r];
                        lamI += t.sampleErrors[2 * r + 1];
                    }
                }
                case Timeline.INPUT -> {
                    int j = t.input.sources()[r];
                    t.weightGrad[j * t.size + t.neuron] += lamI;
                    double dfV = ((pre[2 * e + 1] - pre[2 * e]) - (post[2 * e + 1] - post[2 * e])) / tm;
                    double dfI = (post[2 * e + 1] - pre[2 * e + 1]) / ts;
                    t.inputErrors[r] += lamV * dfV + lamI * dfI;
                }
                default -> {
                    double cur = pre[2 * e + 1];
                    double fvPre = (-pre[2 * e] + cur + b) / tm;
                    double fvPost = (-post[2 * e] + post[2 * e + 1] + b) / tm;
                    double q = t.spikeErrors[r] - lamV * fvPost;
                    if (Math.abs(fvPre) * tm <= TANGENTIAL * (Math.abs(cur) + Math.abs(b) + p[LIF.THRESH])) {
                        t.tangential++;
                        lamV = 0.0;
                    } else {
                        lamV = -q / fvPre;
                        gTh += q / fvPre;
                    }
                }
            }
        }
        if (tl.n > 0) {
            propagate(tl.time[0], 0.0, 0.0, ts, tm, b);
        }
        t.paramGrad[LIF.TAU_SYN][t.neuron] += gTs;
        t.paramGrad[LIF.TAU_MEM][t.neuron] += gTm;
        t.paramGrad[LIF.BIAS][t.neuron] += gBias;
        t.paramGrad[LIF.THRESH][t.neuron] += gTh;
    }
}
