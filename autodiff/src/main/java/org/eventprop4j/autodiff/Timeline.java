package org.eventprop4j.autodiff;

import java.util.Arrays;

import org.eventprop4j.core.sim.NeuronSimulator;
import org.hipparchus.ode.DenseOutputModel;

/**
 * The events of one replayed neuron in forward time order, with the states just before and after each: what the
 * backward pass walks in reverse. Reused from neuron to neuron (not thread-safe).
 */
final class Timeline implements NeuronSimulator.ReplayListener {
    static final byte INPUT = 0;
    static final byte SPIKE = 1;
    static final byte SAMPLE = 2;

    final int channels;
    int n;
    double[] time = new double[32];
    byte[] kind = new byte[32];
    int[] ref = new int[32];
    double[] pre;
    double[] post;
    /** Dense output of the flow that ends at each event (null for none: zero length, or a closed-form model). */
    DenseOutputModel[] dense = new DenseOutputModel[32];
    private DenseOutputModel pending;

    Timeline(int channels) {
        this.channels = channels;
        this.pre = new double[32 * channels];
        this.post = new double[32 * channels];
    }

    void clear() {
        java.util.Arrays.fill(dense, 0, n, null);
        n = 0;
        pending = null;
    }

    private void add(byte k, int r, double t, double[] before, double[] after) {
        if (n == time.length) {
            int cap = 2 * n;
            time = Arrays.copyOf(time, cap);
            kind = Arrays.copyOf(kind, cap);
            ref = Arrays.copyOf(ref, cap);
            pre = Arrays.copyOf(pre, cap * channels);
            post = Arrays.copyOf(post, cap * channels);
            dense = Arrays.copyOf(dense, cap);
        }
        dense[n] = pending;
        pending = null;
        time[n] = t;
        kind[n] = k;
        ref[n] = r;
        System.arraycopy(before, 0, pre, n * channels, channels);
        System.arraycopy(after, 0, post, n * channels, channels);
        n++;
    }

    @Override
    public void input(int k, double t, double[] before, double[] after) {
        add(INPUT, k, t, before, after);
    }

    @Override
    public void spike(int o, double t, double[] before, double[] after) {
        add(SPIKE, o, t, before, after);
    }

    @Override
    public void sample(int q, double t, double[] state) {
        add(SAMPLE, q, t, state, state);
    }

    @Override
    public void segment(double from, double to, DenseOutputModel d) {
        pending = d;
    }
}
