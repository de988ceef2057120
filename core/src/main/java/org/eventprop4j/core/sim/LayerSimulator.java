package org.eventprop4j.core.sim;

import org.eventprop4j.core.model.NeuronModel;

/**
 * Simulates one feed-forward layer for one sample. Neurons of a layer are independent given their input spikes, so
 * the layer is simulated neuron by neuron. Not thread-safe: use one per thread (it owns scratch buffers and, for
 * numerically integrated models, an integrator).
 */
public final class LayerSimulator {

    private final NeuronModel model;
    private final NeuronSimulator neuronSim;
    private final SpikeBuffer buffer;
    private final double[] p;

    public LayerSimulator(NeuronModel model, SimOptions opts) {
        this.model = model;
        this.neuronSim = new NeuronSimulator(model, opts);
        this.buffer = new SpikeBuffer(model.channelCount());
        this.p = new double[model.params().size()];
    }

    /** The model this simulator runs. */
    public NeuronModel model() {
        return model;
    }

    /**
     * @param layer     layer index (for messages)
     * @param input     input spikes, times in {@code [0, T]}, sources {@code < fanIn}
     * @param weights   {@code weights[pre * size + post]}
     * @param size      number of neurons
     * @param params    {@code params[k][neuron]} in the order of {@link NeuronModel#params()}
     * @param budget    event counter of the sample
     * @param samples   sorted sample times in {@code [0, T]}, or null
     * @param sampleOut receives states {@code [neuron][time][channel]}, or null
     * @return the layer's trace
     */
    public LayerTrace run(int layer, Spikes input, double[] weights, int size, double[][] params, EventBudget budget,
                          double[] samples, double[] sampleOut) {
        buffer.clear();
        int block = samples == null ? 0 : samples.length * model.channelCount();
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < p.length; k++) {
                p[k] = params[k][i];
            }
            buffer.currentNeuron = i;
            neuronSim.run(p, input, weights, size, i, samples, sampleOut, i * block, buffer, budget, layer);
        }
        return buffer.toTrace(input);
    }
}
