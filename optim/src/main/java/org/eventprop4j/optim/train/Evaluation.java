package org.eventprop4j.optim.train;

/**
 * A network's performance on a data set.
 *
 * @param samples               number of samples
 * @param meanLoss              mean loss over the samples whose label neuron fired (W&amp;P convention; the others
 *                              are counted in {@code silentLabelSamples})
 * @param accuracy              fraction classified correctly (label fires, no other output fires strictly earlier)
 * @param correct               number classified correctly
 * @param silentLabelSamples    samples whose label neuron was silent
 * @param hiddenSpikesPerSample mean spikes of all hidden layers per sample
 * @param outputSpikesPerSample mean output spikes per sample
 * @param predictions           per sample the earliest-firing output neuron (lowest index on ties), -1 if all silent
 */
public record Evaluation(int samples, double meanLoss, double accuracy, long correct, long silentLabelSamples,
                         double hiddenSpikesPerSample, double outputSpikesPerSample, int[] predictions) {
}
