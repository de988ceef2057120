package org.eventprop4j.core.net;

/**
 * The per-layer array layout shared by parameters ({@link Layer}) and their gradients: {@code weights[pre * size +
 * post]} for {@code W[pre][post]} and {@code params[k][neuron]} in the order of the model's parameters. The arrays
 * are live: subclasses decide who may change them.
 */
public abstract class LayerArrays {
    private final int fanIn;
    private final int size;
    private final double[] weights;
    private final double[][] params;

    /**
     * Wraps the given arrays (not copied).
     *
     * @param fanIn   number of presynaptic sources
     * @param size    number of neurons
     * @param weights {@code [pre * size + post]}, length {@code fanIn * size}
     * @param params  {@code [k][neuron]}
     */
    protected LayerArrays(int fanIn, int size, double[] weights, double[][] params) {
        this.fanIn = fanIn;
        this.size = size;
        this.weights = weights;
        this.params = params;
    }

    /**
     * Number of presynaptic sources.
     *
     * @return the fan-in
     */
    public final int fanIn() {
        return fanIn;
    }

    /**
     * Number of neurons.
     *
     * @return the number of neurons
     */
    public final int size() {
        return size;
    }

    /**
     * Live weights (or weight gradients), {@code [pre * size + post]}.
     *
     * @return the live array, shape [fanIn * size]
     */
    public final double[] weights() {
        return weights;
    }

    /**
     * Entry {@code [pre][post]} of the weights.
     *
     * @param pre  the presynaptic source
     * @param post the neuron
     * @return {@code weights()[pre * size + post]}
     */
    public final double weight(int pre, int post) {
        return weights[pre * size + post];
    }

    /**
     * Live per-neuron parameters (or their gradients), {@code [k][neuron]}.
     *
     * @return the live arrays, shape [number of parameters][size]
     */
    public final double[][] params() {
        return params;
    }

    /**
     * The weights as a {@code [fanIn][size]} matrix (a copy).
     *
     * @return a new matrix, shape [fanIn][size]
     */
    public final double[][] weightMatrix() {
        double[][] w = new double[fanIn][size];
        for (int j = 0; j < fanIn; j++) {
            System.arraycopy(weights, j * size, w[j], 0, size);
        }
        return w;
    }
}
