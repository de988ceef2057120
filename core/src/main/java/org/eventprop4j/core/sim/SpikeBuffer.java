package org.eventprop4j.core.sim;

import java.util.Arrays;

/**
 * Growable buffer of (time, neuron, pre-spike state) records, turned into a time-ordered {@link LayerTrace}.
 * Records are never moved: ordering works on an index permutation, so sorting costs no copies or allocations.
 */
final class SpikeBuffer implements NeuronSimulator.SpikeSink {
    private final int channels;
    private double[] times = new double[64];
    private int[] neurons = new int[64];
    private int[] order = new int[64];
    private double[] states;
    private int n;
    private boolean sorted;
    int currentNeuron;

    SpikeBuffer(int channels) {
        this.channels = channels;
        this.states = new double[64 * channels];
    }

    void clear() {
        n = 0;
        sorted = false;
    }

    /** Number of records. */
    int size() {
        return n;
    }

    /** Declares that the caller appends in time order, sorting each tail with {@link #sortTail}. */
    void markSorted() {
        sorted = true;
    }

    @Override
    public void spike(double t, double[] preState) {
        if (n == times.length) {
            int cap = 2 * n;
            times = Arrays.copyOf(times, cap);
            neurons = Arrays.copyOf(neurons, cap);
            order = Arrays.copyOf(order, cap);
            states = Arrays.copyOf(states, cap * channels);
        }
        times[n] = t;
        neurons[n] = currentNeuron;
        order[n] = n;
        int base = n * channels;
        for (int c = 0; c < channels; c++) {
            states[base + c] = preState[c];
        }
        n++;
    }

    /**
     * Stable insertion sort by time of the records from {@code from} on (a few spikes of one interval, appended
     * neuron by neuron, so ties end up ordered by neuron).
     */
    void sortTail(int from) {
        for (int a = from + 1; a < n; a++) {
            int r = order[a];
            double t = times[r];
            int b = a - 1;
            while (b >= from && times[order[b]] > t) {
                order[b + 1] = order[b];
                b--;
            }
            order[b + 1] = r;
        }
    }

    /** The time-ordered trace: as appended (after {@link #sortTail}) if sorted, else stably sorted by time. */
    LayerTrace toTrace(Spikes input) {
        int[] perm = sorted ? order : TimeSort.stableOrder(times, n);
        double[] t = new double[n];
        int[] s = new int[n];
        double[] st = new double[n * channels];
        for (int q = 0; q < n; q++) {
            int r = perm[q];
            t[q] = times[r];
            s[q] = neurons[r];
            for (int c = 0; c < channels; c++) {
                st[q * channels + c] = states[r * channels + c];
            }
        }
        return new LayerTrace(input, new Spikes(t, s), st, channels);
    }
}
