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

    void clear() {
        n = 0;
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
