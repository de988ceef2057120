package org.eventprop4j.core.sim;

/**
 * What the forward pass of one layer leaves for the backward pass.
 *
 * @param input          the spikes the layer received (times in {@code [0, T]}), sources = presynaptic index
 * @param output         the layer's spikes, sources = neuron index
 * @param preSpikeStates the state of the spiking neuron just before each output spike's reset,
 *                       {@code preSpikeStates[k * channels + c]} for output spike {@code k}
 * @param channels       number of state channels
 */
public record LayerTrace(Spikes input, Spikes output, double[] preSpikeStates, int channels) {

    /**
     * The state of the spiking neuron just before output spike {@code k}.
     *
     * @param k the index of the output spike
     * @return a new array of {@code channels} values
     */
    public double[] preSpikeState(int k) {
        double[] out = new double[channels];
        System.arraycopy(preSpikeStates, k * channels, out, 0, channels);
        return out;
    }
}
