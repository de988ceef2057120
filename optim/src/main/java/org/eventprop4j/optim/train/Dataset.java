package org.eventprop4j.optim.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples for training: the input spikes of each sample ({@code [channel][k]}, ms, {@code +inf} padding allowed) with
 * a class label, or (for regression) a target vector per sample, e.g. desired output spike times (ms) or voltages,
 * read by a {@link org.eventprop4j.optim.TargetLoss}.
 *
 * @param inputs  input spikes per sample
 * @param labels  class per sample (all 0 for a target dataset)
 * @param targets target vector per sample, or null for a labelled dataset
 */
public record Dataset(List<double[][]> inputs, int[] labels, double[][] targets) {

    /**
     * Checks that inputs, labels and targets agree in length.
     *
     * @param inputs  input spikes per sample (the list is copied)
     * @param labels  class per sample (copied)
     * @param targets target vector per sample (copied), or null
     */
    public Dataset {
        if (inputs.size() != labels.length) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + labels.length + " labels");
        }
        if (targets != null) {
            if (targets.length != labels.length) {
                throw new IllegalArgumentException(inputs.size() + " inputs but " + targets.length + " targets");
            }
            double[][] t = new double[targets.length][];
            for (int i = 0; i < t.length; i++) {
                if (targets[i] == null) {
                    throw new IllegalArgumentException("target " + i + " is null");
                }
                t[i] = targets[i].clone();
            }
            targets = t;
        }
        inputs = List.copyOf(inputs);
        labels = labels.clone();
    }

    /**
     * A labelled dataset.
     *
     * @param inputs input spikes per sample, each {@code [channel][k]} in ms
     * @param labels class per sample
     */
    public Dataset(List<double[][]> inputs, int[] labels) {
        this(inputs, labels, null);
    }

    /**
     * A regression dataset: one target vector per sample.
     *
     * @param inputs  input spikes per sample, each {@code [channel][k]} in ms
     * @param targets target vector per sample
     * @return the dataset, with all labels 0
     */
    public static Dataset ofTargets(List<double[][]> inputs, double[][] targets) {
        return new Dataset(inputs, new int[inputs.size()], targets);
    }

    /**
     * Whether the samples carry target vectors (regression) rather than class labels alone.
     *
     * @return whether {@code targets} is not null
     */
    public boolean hasTargets() {
        return targets != null;
    }

    /** @return the number of samples */
    public int size() {
        return labels.length;
    }

    /**
     * A 64-bit fingerprint (16 hex digits) of every input spike time, label and target, in order: a resumed run checks
     * with it that it trains on the same data as the run it continues.
     *
     * @return the fingerprint, 16 lower-case hex digits
     */
    public String fingerprint() {
        long h = 0x9E3779B97F4A7C15L ^ size();
        for (int b = 0; b < size(); b++) {
            for (double[] ch : inputs.get(b)) {
                h = mix(h, ch.length);
                for (double t : ch) {
                    h = mix(h, Double.doubleToLongBits(t));
                }
            }
            if (labels != null) {
                h = mix(h, labels[b]);
            }
            if (targets != null) {
                for (double t : targets[b]) {
                    h = mix(h, Double.doubleToLongBits(t));
                }
            }
        }
        return String.format("%016x", h);
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        return x * 0x94D049BB133111EBL + 0x632BE59BD9B4E5BL;
    }

    /**
     * The samples {@code from..to-1}.
     *
     * @param from first sample
     * @param to   end (exclusive)
     * @return samples {@code [from, to)}
     */
    public Dataset slice(int from, int to) {
        return new Dataset(inputs.subList(from, to), java.util.Arrays.copyOfRange(labels, from, to),
                targets == null ? null : java.util.Arrays.copyOfRange(targets, from, to));
    }

    /**
     * The samples at {@code idx}, in that order.
     *
     * @param idx sample indices (repeats allowed)
     * @return a dataset of those samples
     */
    public Dataset select(int[] idx) {
        List<double[][]> in = new ArrayList<>(idx.length);
        int[] lab = new int[idx.length];
        double[][] tg = targets == null ? null : new double[idx.length][];
        for (int q = 0; q < idx.length; q++) {
            in.add(inputs.get(idx[q]));
            lab[q] = labels[idx[q]];
            if (tg != null) {
                tg[q] = targets[idx[q]];
            }
        }
        return new Dataset(in, lab, tg);
    }
}
