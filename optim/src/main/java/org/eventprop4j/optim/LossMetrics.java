package org.eventprop4j.optim;

/**
 * Running counts over the samples of an epoch or evaluation: mean loss, first-spike accuracy and the number of
 * samples with silent target neurons (e.g. a silent label neuron under {@link TtfsCrossEntropy}). Not thread-safe:
 * use one per thread and {@link #merge}.
 */
public final class LossMetrics {
    private long samples;
    private double lossSum;
    private long correct;
    private long silentSamples;
    private long silentNeurons;
    private double firingLossSum;

    /** Records one sample. */
    public void record(LossEval eval, boolean correctlyClassified) {
        samples++;
        lossSum += eval.value();
        if (correctlyClassified) {
            correct++;
        }
        if (eval.hasSilentTargets()) {
            silentSamples++;
            silentNeurons += eval.silentTargets().length;
        } else {
            firingLossSum += eval.value();
        }
    }

    /** Adds the counts of {@code other} into this. */
    public void merge(LossMetrics other) {
        samples += other.samples;
        lossSum += other.lossSum;
        correct += other.correct;
        silentSamples += other.silentSamples;
        silentNeurons += other.silentNeurons;
        firingLossSum += other.firingLossSum;
    }

    /** Clears all counts (e.g. at the start of an epoch). */
    public void reset() {
        samples = 0;
        lossSum = 0;
        correct = 0;
        silentSamples = 0;
        silentNeurons = 0;
        firingLossSum = 0;
    }

    public long samples() {
        return samples;
    }

    /** Mean loss per sample (NaN before the first sample). */
    public double meanLoss() {
        return samples == 0 ? Double.NaN : lossSum / samples;
    }

    /**
     * Mean loss over the samples whose target neurons all fired (Wunderlich &amp; Pehle's convention: their loss is NaN
     * for a silent label neuron and left out of the mean); samples with silent targets are counted by
     * {@link #silentTargetSamples()} instead. Unlike {@link #meanLoss()} it is not dominated by the large stand-in
     * value of silent samples, so it shows the course of training. NaN if no such sample.
     */
    public double meanLossFiring() {
        long n = samples - silentSamples;
        return n == 0 ? Double.NaN : firingLossSum / n;
    }

    /** Fraction of correctly classified samples (NaN before the first sample). */
    public double accuracy() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    public long correct() {
        return correct;
    }

    /** Samples with at least one silent target neuron (for TTFS: samples whose label neuron was silent). */
    public long silentTargetSamples() {
        return silentSamples;
    }

    /** Silent target neurons summed over samples. */
    public long silentTargetNeurons() {
        return silentNeurons;
    }

    @Override
    public String toString() {
        return String.format("LossMetrics[samples=%d, meanLoss=%.6g, accuracy=%.4f, silentTargetSamples=%d]",
                samples, meanLoss(), accuracy(), silentSamples);
    }
}
