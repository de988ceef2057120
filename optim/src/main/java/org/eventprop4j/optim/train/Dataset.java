package org.eventprop4j.optim.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled samples: the input spikes of each sample ({@code [channel][k]}, ms, {@code +inf} padding allowed) and its
 * class.
 */
public record Dataset(List<double[][]> inputs, int[] labels) {

    public Dataset {
        if (inputs.size() != labels.length) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + labels.length + " labels");
        }
        inputs = List.copyOf(inputs);
        labels = labels.clone();
    }

    public int size() {
        return labels.length;
    }

    /** The samples {@code from..to-1}. */
    public Dataset slice(int from, int to) {
        return new Dataset(inputs.subList(from, to), java.util.Arrays.copyOfRange(labels, from, to));
    }

    /** The samples at {@code idx}, in that order. */
    public Dataset select(int[] idx) {
        List<double[][]> in = new ArrayList<>(idx.length);
        int[] lab = new int[idx.length];
        for (int q = 0; q < idx.length; q++) {
            in.add(inputs.get(idx[q]));
            lab[q] = labels[idx[q]];
        }
        return new Dataset(in, lab);
    }
}
