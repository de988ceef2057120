package org.eventprop4j.core.sim;

import java.util.Arrays;

/** Growable buffer of (time, neuron, pre-spike state) records, turned into a time-ordered {@link LayerTrace}. */
final class SpikeBuffer implements NeuronSimulator.SpikeSink {
    private final int channels;
    private double[] times = new double[64];
    private int[] neurons = new int[64];
    private double[] states;
    private int n;
    int currentNeuron;

    SpikeBuffer(int channels) {
        this.channels = channels;
        this.states = new double[64 * channels];
    }

    private boolean sorted;

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

    /**
     * Stable insertion sort by time of the records from {@code from} on (a few spikes of one interval; appended
     * neuron by neuron, so ties end up ordered by neuron).
     */
    void sortTail(int from) {
        for (int a = from + 1; a < n; a++) {
            double t = times[a];
            if (t >= times[a - 1]) {
                continue;
            }
            int nr = neurons[a];
            double[] st = new double[channels];
            System.arraycopy(states, a * channels, st, 0, channels);
            int b = a - 1;
            while (b >= from && times[b] > t) {
                times[b + 1] = times[b];
                neurons[b + 1] = neurons[b];
                System.arraycopy(states, b * channels, states, (b + 1) * channels, channels);
                b--;
            }
            times[b + 1] = t;
            neurons[b + 1] = nr;
            System.arraycopy(st, 0, states, (b + 1) * channels, channels);
        }
    }

    @Override
    public void spike(double t, double[] preState) {
        if (n == times.length) {
            times = Arrays.copyOf(times, 2 * n);
            neurons = Arrays.copyOf(neurons, 2 * n);
            states = Arrays.copyOf(states, 2 * n * channels);
        }
        times[n] = t;
        neurons[n] = currentNeuron;
        System.arraycopy(preState, 0, states, n * channels, channels);
        n++;
    }

    /** Sorts the records by time; records were appended neuron by neuron, so ties stay ordered by neuron. */
    LayerTrace toTrace(Spikes input) {
        if (sorted) {
            return new LayerTrace(input, new Spikes(Arrays.copyOf(times, n), Arrays.copyOf(neurons, n)),
                    Arrays.copyOf(states, n * channels), channels);
        }
        int[] perm = TimeSort.stableOrder(times, n);
        double[] t = new double[n];
        int[] s = new int[n];
        double[] st = new double[n * channels];
        for (int q = 0; q < n; q++) {
            int r = perm[q];
            t[q] = times[r];
            s[q] = neurons[r];
            System.arraycopy(states, r * channels, st, q * channels, channels);
        }
        return new LayerTrace(input, new Spikes(t, s), st, channels);
    }
}
