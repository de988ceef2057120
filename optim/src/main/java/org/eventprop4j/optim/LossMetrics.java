package org.eventprop4j.optim;

/**
 * Running counts over the samples of an epoch or evaluation: mean loss, first-spike accuracy, the number of samples
 * whose label neuron was silent, and the number of samples with any silent target neuron (the loss's own notion: under
 * {@link TtfsCrossEntropy} the label neuron only; under {@link FirstSpikeMse} every neuron whose target is before its
 * late time). Not thread-safe: use one per thread and {@link #merge}.
 */
public final class LossMetrics {
    private long samples;
    private long labeled;
    private double lossSum;
    private long correct;
    private long silentSamples;
    private long silentLabels;
    private long silentNeurons;
    private double firingLossSum;

    /**
     * Records one sample.
     *
     * @param labelSilent whether the sample's label neuron did not fire
     * @param eval                the sample's evaluation
     * @param correctlyClassified whether the sample was classified correctly
     */
    public void record(LossEval eval, boolean correctlyClassified, boolean labelSilent) {
        samples++;
        labeled++;
        lossSum += eval.value();
        if (correctlyClassified) {
            correct++;
        }
        if (eval.hasSilentTargets()) {
            silentSamples++;
            silentNeurons += eval.silentTargets().length;
        }
        if (labelSilent) {
            silentLabels++;
        } else {
            firingLossSum += eval.value();
        }
    }

    /**
     * Records one sample of a regression loss (no class): it enters the loss means and the silent-target count, not
     * the accuracy.
     *
     * @param eval the sample's evaluation
     */
    public void recordUnlabeled(LossEval eval) {
        samples++;
        lossSum += eval.value();
        firingLossSum += eval.value();
        if (eval.hasSilentTargets()) {
            silentSamples++;
            silentNeurons += eval.silentTargets().length;
        }
    }

    /**
     * Adds the counts of {@code other} into this.
     *
     * @param other the counts to add
     */
    public void merge(LossMetrics other) {
        samples += other.samples;
        labeled += other.labeled;
        lossSum += other.lossSum;
        correct += other.correct;
        silentSamples += other.silentSamples;
        silentLabels += other.silentLabels;
        silentNeurons += other.silentNeurons;
        firingLossSum += other.firingLossSum;
    }

    /** Clears all counts (e.g. at the start of an epoch). */
    public void reset() {
        samples = 0;
        labeled = 0;
        lossSum = 0;
        correct = 0;
        silentSamples = 0;
        silentLabels = 0;
        silentNeurons = 0;
        firingLossSum = 0;
    }

    /**
     * Number of samples recorded (labelled and unlabelled).
     *
     * @return the number of samples
     */
    public long samples() {
        return samples;
    }

    /**
     * Mean loss per sample (NaN before the first sample).
     *
     * @return the mean loss, or NaN
     */
    public double meanLoss() {
        return samples == 0 ? Double.NaN : lossSum / samples;
    }

    /**
     * Mean loss over the samples whose label neuron fired (Wunderlich &amp; Pehle's convention: their loss is NaN
     * for a silent label neuron and left out of the mean); samples with a silent label neuron are counted by
     * {@link #silentLabelSamples()} instead. Other silent neurons (e.g. wrong classes under first-spike MSE) do not
     * exclude a sample. Unlike {@link #meanLoss()} it is not dominated by the large stand-in value of silent labels,
     * so it shows the course of training. NaN if no such sample.
     *
     * @return the mean loss over samples whose label neuron fired, or NaN
     */
    public double meanLossFiring() {
        long n = samples - silentLabels;
        return n == 0 ? Double.NaN : firingLossSum / n;
    }

    /**
     * Fraction of correctly classified samples among the labelled ones (NaN if none).
     *
     * @return the accuracy in {@code [0, 1]}, or NaN
     */
    public double accuracy() {
        return labeled == 0 ? Double.NaN : (double) correct / labeled;
    }

    /**
     * Number of correctly classified samples.
     *
     * @return the number of correctly classified samples
     */
    public long correct() {
        return correct;
    }

    /**
     * Samples whose label neuron did not fire.
     *
     * @return the number of samples whose label neuron was silent
     */
    public long silentLabelSamples() {
        return silentLabels;
    }

    /**
     * Samples with at least one silent target neuron of the loss ({@link LossEval#silentTargets()}; for TTFS the same
     * as {@link #silentLabelSamples()}).
     *
     * @return the number of samples with a silent target neuron
     */
    public long silentTargetSamples() {
        return silentSamples;
    }

    /**
     * Silent target neurons summed over samples.
     *
     * @return the total number of silent target neurons
     */
    public long silentTargetNeurons() {
        return silentNeurons;
    }

    @Override
    public String toString() {
        return String.format("LossMetrics[samples=%d, meanLoss=%.6g, accuracy=%.4f, silentLabelSamples=%d, "
                + "silentTargetSamples=%d]", samples, meanLoss(), accuracy(), silentLabels, silentSamples);
    }
}
