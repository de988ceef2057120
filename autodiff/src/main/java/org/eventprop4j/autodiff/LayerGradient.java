package org.eventprop4j.autodiff;

import java.util.Arrays;

import org.eventprop4j.core.net.LayerArrays;

/**
 * Gradient of a loss with respect to one layer's parameters, laid out like
 * {@link org.eventprop4j.core.net.Layer}: {@code weights[pre * size + post]} and {@code params[k][neuron]} in the
 * order of the model's {@code params()} (fixed parameters get entries too).
 */
public final class LayerGradient extends LayerArrays {

    /**
     * Zero gradients of a layer: {@code fanIn x size} weights and {@code nParams} parameters per neuron.
     *
     * @param fanIn   number of inputs to the layer
     * @param size    number of neurons in the layer
     * @param nParams number of neuron parameters of the model (including fixed ones)
     */
    public LayerGradient(int fanIn, int size, int nParams) {
        super(fanIn, size, new double[fanIn * size], new double[nParams][size]);
    }

    /**
     * Adds {@code other} into this (element by element, in index order).
     *
     * @param other gradients of the same shape
     */
    public void add(LayerGradient other) {
        double[] w = weights();
        double[] ow = other.weights();
        for (int q = 0; q < w.length; q++) {
            w[q] += ow[q];
        }
        double[][] p = params();
        double[][] op = other.params();
        for (int k = 0; k < p.length; k++) {
            for (int i = 0; i < p[k].length; i++) {
                p[k][i] += op[k][i];
            }
        }
    }

    /** Sets every entry to zero. */
    public void clear() {
        java.util.Arrays.fill(weights(), 0.0);
        for (double[] row : params()) {
            java.util.Arrays.fill(row, 0.0);
        }
    }

    /**
     * Multiplies every entry by {@code s}.
     *
     * @param s the factor
     */
    public void scale(double s) {
        double[] w = weights();
        for (int q = 0; q < w.length; q++) {
            w[q] *= s;
        }
        for (double[] row : params()) {
            for (int i = 0; i < row.length; i++) {
                row[i] *= s;
            }
        }
    }

    @Override
    public String toString() {
        return "LayerGradient[weights=" + Arrays.toString(weights()) + ", params=" + Arrays.deepToString(params())
                + "]";
    }
}
