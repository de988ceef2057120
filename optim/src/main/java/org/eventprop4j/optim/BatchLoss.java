package org.eventprop4j.optim;

import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.sim.Trace;

/**
 * Glue between a {@link LabeledLoss}, EventProp and a {@link SilentLabelPolicy} for one mini-batch:
 * <pre>
 *   BatchLoss.Result r = batchLoss.evaluate(traces, labels, metrics);
 *   Gradients g = eventProp.backwardBatch(traces, r.spikeErrors());
 *   g.scale(1.0 / traces.size());
 *   batchLoss.applySilentPolicy(traces, r, 1.0 / traces.size(), g);
 *   optimizer.step(net, g);
 * </pre>
 */
public final class BatchLoss {
    private final LabeledLoss loss;
    private final SilentLabelPolicy policy;

    /**
     * A batch loss of {@code loss} with {@code policy} for samples whose label neuron is silent.
     *
     * @param loss   the per-sample loss
     * @param policy what to do for samples with silent target neurons
     */
    public BatchLoss(LabeledLoss loss, SilentLabelPolicy policy) {
        this.loss = loss;
        this.policy = policy;
    }

    /** @return the per-sample loss */
    public LabeledLoss loss() {
        return loss;
    }

    /** @return the silent-label policy */
    public SilentLabelPolicy policy() {
        return policy;
    }

    /**
     * The per-sample evaluations of a batch.
     *
     * @param evals one per trace, in order
     */
    public record Result(List<LossEval> evals) {
        /**
         * Copies {@code evals} (immutable).
         *
         * @param evals one per trace, in order
         */
        public Result {
            evals = List.copyOf(evals);
        }

        /**
         * Spike errors of every sample, for {@code EventProp.backwardBatch}.
         *
         * @return {@code dL/dt} (1/ms) of the output spikes of each sample, in sample order
         */
        public List<double[]> spikeErrors() {
            List<double[]> e = new ArrayList<>(evals.size());
            for (LossEval v : evals) {
                e.add(v.spikeErrors());
            }
            return e;
        }

        /**
         * Mean loss of the batch.
         *
         * @return the mean of the samples' loss values (NaN for an empty batch)
         */
        public double meanLoss() {
            double s = 0;
            for (LossEval v : evals) {
                s += v.value();
            }
            return s / evals.size();
        }
    }

    /**
     * Evaluates the loss on every sample and records each in {@code metrics} (may be null).
     *
     * @param labels one label per trace
     * @param traces  forward traces of the batch's samples
     * @param metrics where to record each sample, or null
     * @return the per-sample evaluations, in order
     */
    public Result evaluate(List<Trace> traces, int[] labels, LossMetrics metrics) {
        if (labels.length != traces.size()) {
            throw new IllegalArgumentException(traces.size() + " traces but " + labels.length + " labels");
        }
        List<LossEval> evals = new ArrayList<>(traces.size());
        for (int b = 0; b < labels.length; b++) {
            evals.add(loss.evaluate(traces.get(b), labels[b]));
        }
        Result r = new Result(evals);
        if (metrics != null) {
            record(traces, labels, r, metrics);
        }
        return r;
    }

    /**
     * Records already evaluated samples in {@code metrics}, in sample order (for callers that evaluate the loss
     * inside their own parallel pieces).
     *
     * @param traces  forward traces of the samples
     * @param labels  one label per trace
     * @param result  the evaluations of those traces, in the same order
     * @param metrics where to record them
     */
    public void record(List<Trace> traces, int[] labels, Result result, LossMetrics metrics) {
        for (int b = 0; b < labels.length; b++) {
            Trace t = traces.get(b);
            metrics.record(result.evals().get(b), loss.correct(t, labels[b]), loss.labelSilent(t, labels[b]));
        }
    }

    /**
     * Applies the silent-label policy of every sample with silent targets to {@code g}.
     *
     * @param sampleWeight weight of each sample in {@code g} (1 / batch size for a mean gradient)
     * @param traces forward traces of the batch's samples
     * @param result their evaluations, in the same order
     * @param g      the batch gradients, changed in place
     * @return the number of gradient entries changed
     */
    public int applySilentPolicy(List<Trace> traces, Result result, double sampleWeight, Gradients g) {
        int changed = 0;
        for (int b = 0; b < traces.size(); b++) {
            LossEval e = result.evals().get(b);
            if (e.hasSilentTargets()) {
                changed += policy.apply(traces.get(b), e.silentTargets(), sampleWeight, g);
            }
        }
        return changed;
    }
}
