package org.eventprop4j.optim;

import java.util.Arrays;

import org.eventprop4j.autodiff.FirstSpikes;
import org.eventprop4j.core.sim.Trace;

/**
 * Regression of first-spike times: the target of a sample is the desired first-spike time (ms) of every output
 * neuron, and
 * <pre>
 *   L = (1/n) sum_k (t_k - target_k)^2        (t_k: first spike of output neuron k)
 * </pre>
 * A silent neuron enters as if it fired at {@code tLate} (constant, no derivative) and is listed as a silent target;
 * a target of {@code NaN} means "no constraint" for that neuron (it adds nothing). Exact: {@code dL/dt_k} goes to each
 * neuron's first spike.
 */
public final class SpikeTimeMse implements TargetLoss {
    private final int outputs;
    private final double tLate;

    /**
     * @param outputs output neurons
     * @param tLate   time (ms) standing in for the first spike of a silent neuron; use {@code >= T}
     */
    public SpikeTimeMse(int outputs, double tLate) {
        if (outputs < 1) {
            throw new IllegalArgumentException("need at least one output neuron, got " + outputs);
        }
        if (!Double.isFinite(tLate)) {
            throw new IllegalArgumentException("tLate must be finite (ms), got " + tLate);
        }
        this.outputs = outputs;
        this.tLate = tLate;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int targetLength() {
        return outputs;
    }

    @Override
    public LossEval evaluate(Trace trace, double[] target) {
        if (target.length != outputs) {
            throw new IllegalArgumentException("target has " + target.length + " entries, expected one spike time per "
                    + "output neuron (" + outputs + ")");
        }
        for (int s : trace.output().sources()) {
            if (s >= outputs) {
                throw new IllegalArgumentException("output spike from neuron " + s + " but the loss expects "
                        + outputs + " output neurons");
            }
        }
        double[] first = trace.output().firstTimes(outputs, Double.POSITIVE_INFINITY);
        double sum = 0;
        double[] dFirst = new double[outputs];
        int[] silent = new int[outputs];
        int nSilent = 0;
        for (int k = 0; k < outputs; k++) {
            double tk = target[k];
            if (Double.isNaN(tk)) {
                continue;
            }
            if (Double.isInfinite(tk)) {
                throw new IllegalArgumentException("target " + k + " is " + tk + "; use NaN for no constraint");
            }
            if (first[k] == Double.POSITIVE_INFINITY) {
                double d = tLate - tk;
                sum += d * d;
                if (tk < tLate) {
                    silent[nSilent++] = k;
                }
            } else {
                double d = first[k] - tk;
                sum += d * d;
                dFirst[k] = 2.0 * d / outputs;
            }
        }
        return new LossEval(sum / outputs, FirstSpikes.errors(trace, dFirst), Arrays.copyOf(silent, nSilent));
    }

    @Override
    public String toString() {
        return "SpikeTimeMse[outputs=" + outputs + ", tLate=" + tLate + " ms]";
    }
}
