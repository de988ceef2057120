package org.eventprop4j.autodiff;

import java.util.Arrays;

/**
 * Gradient of a loss with respect to one layer's parameters, laid out like
 * {@link org.eventprop4j.core.net.Layer}: {@code weights[pre * size + post]} and {@code params[k][neuron]} in the
 * order of the model's {@code params()} (fixed parameters get entries too).
 */
public final class LayerGradient {
    private final int fanIn;
    private final int size;
    private final double[] weights;
    private final double[][] params;

    public LayerGradient(int fanIn, int size, int nParams) {
        this.fanIn = fanIn;
        this.size = size;
        this.weights = new double[fanIn * size];
        this.params = new double[nParams][size];
    }

    public int fanIn() {
        return fanIn;
    }

    public int size() {
        return size;
    }

    /** dL/dW, {@code [pre * size + post]} (live array). */
    public double[] weights() {
        return weights;
    }

    /** dL/dW[pre][post]. */
    public double weight(int pre, int post) {
        return weights[pre * size + post];
    }

    /** dL/dp, {@code [k][neuron]} (live arrays). */
    public double[][] params() {
        return params;
    }

    /** dL/dW as a {@code [fanIn][size]} matrix (a copy). */
    public double[][] weightMatrix() {
        double[][] w = new double[fanIn][size];
        for (int j = 0; j < fanIn; j++) {
            System.arraycopy(weights, j * size, w[j], 0, size);
        }
        return w;
    }

    /** Adds {@code other} into this (element by element, in index order). */
    public void add(LayerGradient other) {
        for (int q = 0; q < weights.length; q++) {
            weights[q] += other.weights[q];
        }
        for (int k = 0; k < params.length; k++) {
            for (int i = 0; i < size; i++) {
                params[k][i] += other.params[k][i];
            }
        }
    }

    /** Multiplies every entry by {@code s}. */
    public void scale(double s) {
        for (int q = 0; q < weights.length; q++) {
            weights[q] *= s;
        }
        for (double[] row : params) {
            for (int i = 0; i < size; i++) {
                row[i] *= s;
            }
        }
    }

    @Override
    public String toString() {
        return "LayerGradient[weights=" + Arrays.toString(weights) + ", params=" + Arrays.deepToString(params) + "]";
    }
}
