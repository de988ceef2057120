package org.eventprop4j.optim;

import org.eventprop4j.autodiff.FirstSpikes;
import org.eventprop4j.core.sim.Trace;

/**
 * Mean squared error of the first output spike times to per-class target times (ms):
 * <pre>
 *   L = (1/n) sum_k (t_k - target[label][k])^2         (n = number of output neurons)
 *   dL/dt_k = (2/n) (t_k - target[label][k])
 * </pre>
 * <b>Silent neurons</b> enter as if they fired at the late time {@code tLate} (ms): their contribution
 * {@code (tLate - target)^2} is finite and constant (no spike, no derivative). A silent neuron whose target is
 * earlier than {@code tLate} is listed in {@link LossEval#silentTargets()} so that a {@link SilentLabelPolicy} can
 * push it to fire; one whose target is {@code >= tLate} is considered "correctly silent" (e.g. {@code tFalse >= tLate}
 * lets wrong classes stay silent at constant cost).
 */
public final class FirstSpikeMse implements LabeledLoss {
    private final double[][] targets;
    private final double tLate;

    /**
     * @param targets {@code targets[label][k]}: target first-spike time (ms, finite, {@code >= 0}) of output neuron
     *                {@code k} for samples of class {@code label}; square (one row per class, one column per output)
     * @param tLate   time (ms) standing in for the first spike of a silent neuron; use {@code >= T}
     */
    public FirstSpikeMse(double[][] targets, double tLate) {
        int n = targets.length;
        if (n < 1) {
            throw new IllegalArgumentException("need targets for at least one class");
        }
        this.targets = new double[n][];
        for (int c = 0; c < n; c++) {
            if (targets[c].length != n) {
                throw new IllegalArgumentException("targets must be " + n + " x " + n + " (class x output neuron); row "
                        + c + " has " + targets[c].length + " entries");
            }
            for (int k = 0; k < n; k++) {
                double v = targets[c][k];
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("target[" + c + "][" + k + "] = " + v
                            + "; targets must be finite times >= 0 ms");
                }
            }
            this.targets[c] = targets[c].clone();
        }
        if (!(tLate >= 0) || !Double.isFinite(tLate)) {
            throw new IllegalArgumentException("tLate must be finite and >= 0 (ms), got " + tLate);
        }
        this.tLate = tLate;
    }

    /**
     * Label neuron target {@code tTrue}, all other neurons {@code tFalse} (ms).
     *
     * @param outputs number of output neurons (classes)
     * @param tTrue  target time of the label neuron, ms
     * @param tFalse target time of every other neuron, ms
     * @param tLate  time (ms) standing in for the first spike of a silent neuron
     * @return the loss with an {@code outputs x outputs} target matrix
     */
    public static FirstSpikeMse trueFalse(int outputs, double tTrue, double tFalse, double tLate) {
        double[][] t = new double[outputs][outputs];
        for (int c = 0; c < outputs; c++) {
            for (int k = 0; k < outputs; k++) {
                t[c][k] = c == k ? tTrue : tFalse;
            }
        }
        return new FirstSpikeMse(t, tLate);
    }

    @Override
    public int outputs() {
        return targets.length;
    }

    /**
     * Target first-spike time (ms) of neuron {@code k} for class {@code label}.
     *
     * @param label the class
     * @param k     the output neuron
     * @return the target time, in ms
     */
    public double target(int label, int k) {
        return targets[label][k];
    }

    /**
     * Time (ms) standing in for the first spike of a silent neuron.
     *
     * @return the stand-in time, in ms
     */
    public double tLate() {
        return tLate;
    }

    @Override
    public LossEval evaluate(Trace trace, int label) {
        int n = targets.length;
        double[] first = LabeledLoss.firstTimes(trace, n, label);
        double[] target = targets[label];
        double sum = 0;
        double[] dFirst = new double[n];
        int[] silent = new int[n];
        int nSilent = 0;
        for (int k = 0; k < n; k++) {
            if (first[k] == Double.POSITIVE_INFINITY) {
                double d = tLate - target[k];
                sum += d * d;
                if (target[k] < tLate) {
                    silent[nSilent++] = k;
                }
            } else {
                double d = first[k] - target[k];
                sum += d * d;
                dFirst[k] = 2.0 * d / n;
            }
        }
        return new LossEval(sum / n, FirstSpikes.errors(trace, dFirst), java.util.Arrays.copyOf(silent, nSilent));
    }

    @Override
    public String toString() {
        return "FirstSpikeMse[outputs=" + targets.length + ", tLate=" + tLate + " ms]";
    }
}
