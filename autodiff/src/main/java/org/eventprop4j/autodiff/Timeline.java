package org.eventprop4j.autodiff;

import java.util.Arrays;

import org.eventprop4j.core.sim.NeuronSimulator;
import org.eventprop4j.core.ode.DenseTrajectory;

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
    /**
     * Dense output of the flow that ends at each event: steps {@code [stepFrom[e], stepTo[e])} of {@link #trajectory}
     * (an empty range for none: zero length, or a closed-form model).
     */
    int[] stepFrom = new int[32];
    int[] stepTo = new int[32];
    DenseTrajectory trajectory;
    private int pendingFrom;
    private int pendingTo;

    Timeline(int channels) {
        this.channels = channels;
        this.pre = new double[32 * channels];
        this.post = new double[32 * channels];
    }

    void clear() {
        n = 0;
        pendingFrom = 0;
        pendingTo = 0;
        trajectory = null;
    }

    private void add(byte k, int r, double t, double[] before, double[] after) {
        if (n == time.length) {
            int cap = 2 * n;
            time = Arrays.copyOf(time, cap);
            kind = Arrays.copyOf(kind, cap);
            ref = Arrays.copyOf(ref, cap);
            pre = Arrays.copyOf(pre, cap * channels);
            post = Arrays.copyOf(post, cap * channels);
            stepFrom = Arrays.copyOf(stepFrom, cap);
            stepTo = Arrays.copyOf(stepTo, cap);
        }
        stepFrom[n] = pendingFrom;
        stepTo[n] = pendingTo;
        pendingFrom = 0;
        pendingTo = 0;
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
    public void segment(double from, double to, DenseTrajectory traj, int from0, int to0) {
        trajectory = traj;
        pendingFrom = from0;
        pendingTo = to0;
    }
}
