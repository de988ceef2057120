package org.eventprop4j.autodiff;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.LifClosedForm;

/**
 * Weight gradients and input-spike errors of a {@link LIF} neuron without replaying its states: the fast path of
 * {@link EventProp#weightsOnly()} for spike-time losses.
 *
 * <p>The LIF adjoint only jumps at the neuron's own spikes (input spikes leave it continuous). Between two own spikes,
 * a time {@code d} before the later one, at which the adjoint (just before the spike) is {@code (lv, li)}:
 * <pre>
 *   lam_V = lv e^{-d/tau_mem}
 *   lam_I = li e^{-d/tau_syn} + lv K(d),   K(d) = (tau_syn / (tau_mem - tau_syn)) (e^{-d/tau_mem} - e^{-d/tau_syn})
 * </pre>
 * With {@code Em(t) = e^{t/tau_mem}} and {@code Es(t) = e^{t/tau_syn}} computed once per input spike for the whole
 * layer, both are two multiply-adds per input spike: {@code lam_I(t) = aS Es(t) + aM Em(t)} and
 * {@code lam_V(t) = cV Em(t)} with per-segment constants. An input spike {@code k} from neuron {@code j} then gets
 * {@code dL/dW_ji += lam_I(t_k)} and {@code dL/dt_k += w (lam_I / tau_syn - lam_V / tau_mem)}. The jump at an own spike
 * needs only the synaptic current there, {@code I(s) = sum_{t_k < s} w_k Es(t_k) / Es(s)} (a prefix sum over the same
 * factors, as the current does not depend on resets), and the potential, which is {@code thresh} at a spike:
 * {@code Q = dL/ds - lam_V+ (I + b) / tau_mem}, {@code lam_V- = -Q tau_mem / (I + b - thresh)}, a (numerically)
 * tangential crossing being dropped and counted as in {@link LifAdjoint}.
 *
 * <p>Applies when neither neuron-parameter gradients nor state samples are wanted, the layer shares its taus, they
 * differ by at least a factor 1.5 (else {@code K} cancels badly in this form) and {@code Es} stays far from overflow
 * ({@link #applies}); everything else goes to {@link LifAdjoint}, against which this class is tested.
 */
final class LifWeightAdjoint implements NeuronAdjoint {
    /** Largest time over the smaller tau for which e^{t/tau} is used (e^{600} ~ 4e260). */
    private static final double MAX_EXPONENT = 600.0;
    private static final double TANGENTIAL = 1e-12;

    // per-layer factors of the input spikes, shared by the neurons of the layer: em[k] = e^{t_k/tm}, es[k] = e^{t_k/ts}
    private Object layerInput;
    private double layerTs;
    private double layerTm;
    private int ratio;
    private int prepared;
    private double[] em = new double[64];
    private double[] es = new double[64];
    // per-neuron scratch: synaptic current and factors at the own spikes
    private double[] spikeI = new double[16];
    private double[] spikeEm = new double[16];
    private double[] spikeEs = new double[16];

    /**
     * Whether this fast path serves the task of a neuron in a layer with shared taus ({@link LifClosedForm#sharedTaus},
     * checked by the caller once per layer): no sample errors, a tau ratio outside (2/3, 1.5), and the task's window
     * within the exponent range.
     */
    static boolean applies(NeuronTask t) {
        if (t.sampleErrors != null) {
            return false;
        }
        double ts = t.p[LIF.TAU_SYN];
        double tm = t.p[LIF.TAU_MEM];
        double r = tm / ts;
        return (r >= 1.5 || r <= 1.0 / 1.5) && t.until <= MAX_EXPONENT * Math.min(ts, tm);
    }

    /** Makes {@code em}, {@code es} valid for input spikes {@code 0..to-1} of this task's layer. */
    private void prepare(NeuronTask t, double ts, double tm, int to) {
        if (layerInput != t.input || layerTs != ts || layerTm != tm) {
            layerInput = t.input;
            layerTs = ts;
            layerTm = tm;
            prepared = 0;
            ratio = LifClosedForm.integerRatio(tm, ts);
        }
        if (to <= prepared) {
            return;
        }
        if (em.length < to) {
            int cap = Math.max(to, 2 * em.length);
            em = java.util.Arrays.copyOf(em, cap);
            es = java.util.Arrays.copyOf(es, cap);
        }
        double[] times = t.input.times();
        for (int k = prepared; k < to; k++) {
            double x = Math.exp(times[k] / tm);
            em[k] = x;
            es[k] = ratio > 0 ? LifClosedForm.pow(x, ratio) : Math.exp(times[k] / ts);
        }
        prepared = to;
    }

    @Override
    public void backward(NeuronTask t) {
        final double ts = t.p[LIF.TAU_SYN];
        final double tm = t.p[LIF.TAU_MEM];
        final double b = t.p[LIF.BIAS];
        final double th = t.p[LIF.THRESH];
        final double[] own = t.ownTimes;
        final double[] ownErr = t.ownErrors;
        final int from = t.ownFrom;
        // the last own spike that carries an error: the adjoint is zero after it
        int last = t.ownTo - 1;
        while (last >= from && ownErr[last] == 0.0) {
            last--;
        }
        if (last < from) {
            return;
        }
        final double[] in = t.input.times();
        final int[] src = t.input.sources();
        final double[] w = t.weights;
        final int size = t.size;
        final int neuron = t.neuron;
        final double sLast = own[last];
        // input spikes strictly before the last errored spike (one at the same time comes after it)
        int nIn = 0;
        while (nIn < in.length && in[nIn] < sLast) {
            nIn++;
        }
        prepare(t, ts, tm, nIn);
        final int nSp = last - from + 1;
        if (spikeI.length < nSp) {
            spikeI = new double[2 * nSp];
            spikeEm = new double[2 * nSp];
            spikeEs = new double[2 * nSp];
        }
        // forward: the synaptic current at each own spike, from the prefix sums of w_k Es(t_k)
        double sum = 0.0;
        int k = 0;
        for (int j = 0; j < nSp; j++) {
            double s = own[from + j];
            while (k < nIn && in[k] < s) {
                sum += w[src[k] * size + neuron] * es[k];
                k++;
            }
            double x = Math.exp(s / tm);
            double y = ratio > 0 ? LifClosedForm.pow(x, ratio) : Math.exp(s / ts);
            spikeEm[j] = x;
            spikeEs[j] = y;
            spikeI[j] = sum / y;
        }
        // backward: jumps at the own spikes, closed-form adjoint at the input spikes between them
        final double invC = ts / (tm - ts);
        final double[] wg = t.weightGrad;
        final double[] ie = t.inputErrors;
        double lv = 0.0;
        double li = 0.0;
        k = nIn - 1;
        for (int j = nSp - 1; j >= 0; j--) {
            double cur = spikeI[j];
            double q = ownErr[from + j] - lv * (cur + b) / tm;
            double fvPre = (cur + b - th) / tm;
            if (Math.abs(fvPre) * tm <= TANGENTIAL * (Math.abs(cur) + Math.abs(b) + th)) {
                t.tangential++;
                lv = 0.0;
            } else {
                lv = -q / fvPre;
            }
            // adjoint at t <= s_j, back to the previous own spike: lam_I = aS Es(t) + aM Em(t), lam_V = cV Em(t)
            double cV = lv / spikeEm[j];
            double aM = cV * invC;
            double aS = (li - lv * invC) / spikeEs[j];
            double prev = j > 0 ? own[from + j - 1] : Double.NEGATIVE_INFINITY;
            while (k >= 0 && in[k] >= prev) {
                double lamI = aS * es[k] + aM * em[k];
                double lamV = cV * em[k];
                int idx = src[k] * size + neuron;
                wg[idx] += lamI;
                ie[k] += w[idx] * (lamI / ts - lamV / tm);
                k--;
            }
            if (j > 0) {
                lv = cV * spikeEm[j - 1];
                li = aS * spikeEs[j - 1] + aM * spikeEm[j - 1];
            }
        }
    }
}
