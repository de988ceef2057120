package org.eventprop4j.core.sim;

import org.eventprop4j.core.model.LifClosedForm;
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
    private final LifPolynomialKernel lifKernel;
    private final LayerFlow layerFlow;
    private final double tEnd;

    /**
     * A simulator for layers of {@code model}. It takes a specialised path where one applies (a polynomial kernel for
     * the LIF closed form, a lockstep integrator for numerically integrated traced models), else it simulates the
     * layer neuron by neuron.
     *
     * @param model the neuron model of the layer
     * @param opts  the simulation settings
     */
    public LayerSimulator(NeuronModel model, SimOptions opts) {
        this(model, opts, true);
    }

    /**
     * @param specialised whether layers that qualify may use {@link LifPolynomialKernel} or, for numerically
     *                    integrated traced models, the lockstep {@link LayerFlow} (tests turn it off to compare with the
     *                    neuron-by-neuron path)
     */
    LayerSimulator(NeuronModel model, SimOptions opts, boolean specialised) {
        this.model = model;
        this.tEnd = opts.maxSolverTime();
        this.lifKernel = specialised && model.closedForm() instanceof LifClosedForm ? new LifPolynomialKernel() : null;
        this.layerFlow = specialised && model.closedForm() == null && model.tracedModel() != null
                ? new LayerFlow(model, opts) : null;
        this.neuronSim = new NeuronSimulator(model, opts);
        this.buffer = new SpikeBuffer(model.channelCount());
        this.p = new double[model.params().size()];
    }

    /**
     * The model this simulator runs.
     *
     * @return the neuron model
     */
    public NeuronModel model() {
        return model;
    }

    /**
     * @param layer   layer index (for messages)
     * @param input   input spikes, times in {@code [0, T]}, sources {@code < fanIn}
     * @param weights {@code weights[pre * size + post]}
     * @param size    number of neurons
     * @param params  {@code params[k][neuron]} in the order of {@link NeuronModel#params()}
     * @param budget  event counter of the sample
     * @return the layer's trace
     */
    public LayerTrace run(int layer, Spikes input, double[] weights, int size, double[][] params,
                          EventBudget budget) {
        buffer.clear();
        if (lifKernel != null) {
            int k = LifPolynomialKernel.ratio(params, size);
            if (k > 0 && lifKernel.run(layer, input, weights, size, params, k, tEnd, buffer, budget)) {
                return buffer.toTrace(input);
            }
            buffer.clear();
        }
        if (layerFlow != null) {
            layerFlow.run(layer, input, weights, size, params, budget, buffer);
            return buffer.toTrace(input);
        }
        for (int i = 0; i < size; i++) {
            gather(params, i);
            buffer.currentNeuron = i;
            neuronSim.run(p, input, weights, size, i, buffer, budget, layer);
        }
        return buffer.toTrace(input);
    }

    /**
     * Samples the state of every neuron of a simulated layer at the given times, consistently with the spikes in
     * {@code trace} (see {@link NeuronSimulator#replay}).
     *
     * @param trace     the layer's trace from {@link #run}
     * @param weights   {@code weights[pre * size + post]}, as given to {@link #run}
     * @param size      number of neurons
     * @param params    {@code params[k][neuron]} in the order of {@link NeuronModel#params()}
     * @param samples   sorted, distinct times in {@code [0, T]}
     * @param sampleOut receives {@code [neuron][time][channel]}
     */
    public void sample(LayerTrace trace, double[] weights, int size, double[][] params, double[] samples,
                       double[] sampleOut) {
        double[][] own = trace.output().perSource(size);
        int block = samples.length * model.channelCount();
        int nc = model.channelCount();
        for (int i = 0; i < size; i++) {
            gather(params, i);
            final int offset = i * block;
            neuronSim.replay(p, trace.input(), weights, size, i, own[i], samples, new NeuronSimulator.ReplayListener() {
                @Override
                public void sample(int q, double t, double[] state) {
                    System.arraycopy(state, 0, sampleOut, offset + q * nc, nc);
                }
            });
        }
    }

    private void gather(double[][] params, int i) {
        for (int k = 0; k < p.length; k++) {
            p[k] = params[k][i];
        }
    }
}
