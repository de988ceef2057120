package org.eventprop4j.optim;

import org.eventprop4j.autodiff.FirstSpikes;
import org.eventprop4j.core.sim.Trace;

/**
 * Time-to-first-spike cross-entropy of Wunderlich &amp; Pehle on the first output spike times {@code t_k} (ms):
 * <pre>
 *   L = -log( e^{-t_l/tau0} / sum_k e^{-t_k/tau0} ) + alpha (e^{t_l/tau1} - 1)
 * </pre>
 * with label {@code l}. Silent non-label outputs count as {@code t = +inf} (they drop out of the sum).
 *
 * <p><b>Silent label neuron.</b> W&amp;P get NaN there and skip the sample. Here every silent output, the label
 * included, is taken to fire at the constant late time {@code tLate} (ms) in that case, and the value is the formula
 * above: finite, equal to {@code log(n) + alpha (e^{tLate/tau1} - 1)} (chance level) when all {@code n} outputs are
 * silent. Since {@code L} increases strictly with {@code t_l} and extra terms in the sum only increase it, a silent
 * label never costs less than a label firing at any {@code t <= tLate} with the same other spikes (choose
 * {@code tLate >= T}; {@link #forWindow} uses {@code T + tau0}). The spike errors of the firing outputs are the exact
 * derivatives of that value, so competing neurons are still pushed later. The silent label has no spike to
 * differentiate: {@link LossEval} lists it in {@code silentTargets} and a {@link SilentLabelPolicy} provides the push
 * that makes it fire. With the W&amp;P constants the term {@code alpha (e^{tLate/tau1} - 1)} makes the value of such
 * samples large (e.g. about 1.9e4 for {@code tLate = 100.5} ms), which shows up in mean losses.
 *
 * <p>Computed in log-sum-exp form (relative to the earliest time), so small {@code tau0} does not underflow.
 */
public final class TtfsCrossEntropy implements LabeledLoss {
    private final int outputs;
    private final double alpha;
    private final double tau0;
    private final double tau1;
    private final double tLate;

    /**
     * @param outputs number of output neurons (classes)
     * @param alpha   weight of the late-label regularizer (dimensionless, {@code >= 0})
     * @param tau0    softmax temperature, ms ({@code > 0})
     * @param tau1    time constant of the regularizer, ms ({@code > 0})
     * @param tLate   time (ms) used in place of the first spike of a silent label neuron; use {@code >= T}
     */
    public TtfsCrossEntropy(int outputs, double alpha, double tau0, double tau1, double tLate) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be positive, got " + outputs);
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        if (!(tau0 > 0) || !Double.isFinite(tau0) || !(tau1 > 0) || !Double.isFinite(tau1)) {
            throw new IllegalArgumentException("tau0 and tau1 must be positive (ms), got " + tau0 + ", " + tau1);
        }
        if (!(tLate >= 0) || !Double.isFinite(tLate)) {
            throw new IllegalArgumentException("tLate must be finite and >= 0 (ms), got " + tLate);
        }
        if (!Double.isFinite(alpha * Math.expm1(tLate / tau1))) {
            throw new IllegalArgumentException("alpha (e^{tLate/tau1} - 1) overflows for tLate " + tLate
                    + " ms and tau1 " + tau1 + " ms");
        }
        this.outputs = outputs;
        this.alpha = alpha;
        this.tau0 = tau0;
        this.tau1 = tau1;
        this.tLate = tLate;
    }

    /**
     * The loss with {@code tLate = maxSolverTime + tau0} (all times in ms).
     *
     * @param outputs       number of output neurons (classes)
     * @param alpha         weight of the late-label regularizer (dimensionless, {@code >= 0})
     * @param tau0          softmax temperature, ms ({@code > 0})
     * @param tau1          time constant of the regularizer, ms ({@code > 0})
     * @param maxSolverTime the simulation window {@code T}, ms
     * @return the loss
     */
    public static TtfsCrossEntropy forWindow(int outputs, double alpha, double tau0, double tau1,
                                             double maxSolverTime) {
        return new TtfsCrossEntropy(outputs, alpha, tau0, tau1, maxSolverTime + tau0);
    }

    /**
     * The Yin-Yang setup of Wunderlich &amp; Pehle: alpha 0.003, tau0 0.5 ms, tau1 6.4 ms; tLate = T + tau0.
     *
     * @param outputs       number of output neurons (classes)
     * @param maxSolverTime the simulation window {@code T}, ms
     * @return the loss
     */
    public static TtfsCrossEntropy wunderlichPehle(int outputs, double maxSolverTime) {
        return forWindow(outputs, 0.003, 0.5, 6.4, maxSolverTime);
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /**
     * Weight of the late-label regularizer (dimensionless).
     *
     * @return alpha
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Softmax temperature, ms.
     *
     * @return tau0, in ms
     */
    public double tau0() {
        return tau0;
    }

    /**
     * Regularizer time constant, ms.
     *
     * @return tau1, in ms
     */
    public double tau1() {
        return tau1;
    }

    /**
     * Time (ms) standing in for the first spike of a silent label neuron.
     *
     * @return tLate, in ms
     */
    public double tLate() {
        return tLate;
    }

    @Override
    public LossEval evaluate(Trace trace, int label) {
        double[] first = LabeledLoss.firstTimes(trace, outputs, label);
        boolean silent = first[label] == Double.POSITIVE_INFINITY;
        double[] t = first.clone();
        if (silent) {
            for (int k = 0; k < outputs; k++) {
                if (t[k] == Double.POSITIVE_INFINITY) {
                    t[k] = tLate;
                }
            }
        }
        double m = Double.POSITIVE_INFINITY;
        for (double tk : t) {
            m = Math.min(m, tk);
        }
        // softmax weights relative to the earliest time: p_k = e^{-(t_k - m)/tau0} / sum
        double[] e = new double[outputs];
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            e[k] = t[k] == Double.POSITIVE_INFINITY ? 0.0 : Math.exp(-(t[k] - m) / tau0);
            sum += e[k];
        }
        double ce = (t[label] - m) / tau0 + Math.log(sum);
        double value = ce + alpha * Math.expm1(t[label] / tau1);
        double[] dFirst = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            dFirst[k] = -e[k] / sum / tau0;
        }
        if (silent) {
            dFirst[label] = 0.0;   // no spike: nothing to differentiate (see class comment)
        } else {
            dFirst[label] += 1.0 / tau0 + alpha / tau1 * Math.exp(t[label] / tau1);
        }
        return new LossEval(value, FirstSpikes.errors(trace, dFirst), silent ? new int[]{label} : new int[0]);
    }

    @Override
    public String toString() {
        return "TtfsCrossEntropy[outputs=" + outputs + ", alpha=" + alpha + ", tau0=" + tau0 + " ms, tau1=" + tau1
                + " ms, tLate=" + tLate + " ms]";
    }
}
