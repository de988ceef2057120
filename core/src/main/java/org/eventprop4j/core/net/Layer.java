package org.eventprop4j.core.net;

import java.util.Arrays;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;

/**
 * The parameters of one feed-forward layer: weights {@code W[pre][post]} stored row-major in
 * {@code weights[pre * size + post]}, and per-neuron model parameters {@code params[k][neuron]} in the order of
 * {@link NeuronModel#params()}. The arrays are the live parameters: optimisers update them in place.
 */
public final class Layer extends LayerArrays {

    /**
     * @param fanIn   number of presynaptic sources
     * @param size    number of neurons
     * @param weights {@code weights[pre * size + post]}, length {@code fanIn * size}
     * @param params  {@code params[k][neuron]}
     */
    public Layer(int fanIn, int size, double[] weights, double[][] params) {
        super(fanIn, size, checked(fanIn, size, weights, params), params);
    }

    private static double[] checked(int fanIn, int size, double[] weights, double[][] params) {
        if (fanIn <= 0 || size <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive, got fanIn " + fanIn + ", size " + size);
        }
        if (weights.length != fanIn * size) {
            throw new IllegalArgumentException("weights: expected " + fanIn + " x " + size + " values, got "
                    + weights.length);
        }
        for (double[] row : params) {
            if (row.length != size) {
                throw new IllegalArgumentException("parameter arrays must have one value per neuron (" + size + ")");
            }
        }
        return weights;
    }

    /**
     * A deep copy.
     *
     * @return a new layer with copies of the weights and parameters
     */
    public Layer copy() {
        double[][] params = params();
        double[][] pc = new double[params.length][];
        for (int k = 0; k < params.length; k++) {
            pc[k] = params[k].clone();
        }
        return new Layer(fanIn(), size(), weights().clone(), pc);
    }

    /**
     * Throws {@link IllegalArgumentException} naming the first non-finite weight or invalid parameter.
     *
     * @param model      the layer's neuron model
     * @param layerIndex the layer's index, for the message
     */
    public void validate(NeuronModel model, int layerIndex) {
        final double[][] params = params();
        final double[] weights = weights();
        final int fanIn = fanIn();
        final int size = size();
        if (params.length != model.params().size()) {
            throw new IllegalArgumentException("layer " + layerIndex + ": expected " + model.params().size()
                    + " parameter arrays for model " + model.name() + ", got " + params.length);
        }
        for (int j = 0; j < fanIn; j++) {
            for (int i = 0; i < size; i++) {
                double w = weights[j * size + i];
                if (!Double.isFinite(w)) {
                    throw new IllegalArgumentException("layer " + layerIndex + ": weight[" + j + "][" + i + "] is "
                            + w + "; weights must be finite");
                }
            }
        }
        for (int k = 0; k < params.length; k++) {
            ParamSpec spec = model.params().get(k);
            for (int i = 0; i < size; i++) {
                spec.check(params[k][i], "layer " + layerIndex + " neuron " + i);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layer l && l.fanIn() == fanIn() && l.size() == size()
                && Arrays.equals(l.weights(), weights()) && Arrays.deepEquals(l.params(), params());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights()) * 31 + Arrays.deepHashCode(params());
    }
}
