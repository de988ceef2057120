package org.eventprop4j.core.net;

import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.sim.EventBudget;
import org.eventprop4j.core.sim.LayerSimulator;
import org.eventprop4j.core.sim.LayerTrace;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;

/** Runs a feed-forward network for one sample, layer after layer. Not thread-safe: one per thread. */
final class NetworkSimulator {
    /** The simulator of each layer (layers with the same model instance share one). */
    private final LayerSimulator[] layerSims;
    private final SimOptions opts;

    NetworkSimulator(List<NeuronModel> models, SimOptions opts) {
        this.layerSims = new LayerSimulator[models.size()];
        java.util.Map<NeuronModel, LayerSimulator> byModel = new java.util.IdentityHashMap<>();
        for (int l = 0; l < models.size(); l++) {
            layerSims[l] = byModel.computeIfAbsent(models.get(l), m -> new LayerSimulator(m, opts));
        }
        this.opts = opts;
    }

    /**
     * @param input     input spikes in the window {@code [0, T]}
     * @param samples   sorted sample times for the last layer's state, or null
     * @param sampleOut receives {@code [neuron][time][channel]} of the last layer, or null
     */
    Trace run(List<Layer> layers, Spikes input, double[] samples, double[] sampleOut) {
        return run(layers, input, samples, sampleOut, layers.size() - 1);
    }

    /**
     * @param samples     sorted sample times for the state of layer {@code sampleLayer}, or null
     * @param sampleOut   receives {@code [neuron][time][channel]} of that layer, or null
     * @param sampleLayer the layer whose state is sampled (0 = first hidden layer)
     */
    Trace run(List<Layer> layers, Spikes input, double[] samples, double[] sampleOut, int sampleLayer) {
        EventBudget budget = new EventBudget(opts.maxEventSteps(), opts.maxSolverSteps());
        budget.consume(input.size(), 0, -1, 0.0);
        List<LayerTrace> traces = new ArrayList<>(layers.size());
        Spikes current = input;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            LayerSimulator layerSim = layerSims[l];
            LayerTrace lt = layerSim.run(l, current, layer.weights(), layer.size(), layer.params(), budget);
            if (samples != null && l == sampleLayer) {
                layerSim.sample(lt, layer.weights(), layer.size(), layer.params(), samples, sampleOut);
            }
            traces.add(lt);
            current = lt.output();
        }
        return new Trace(traces, budget.used());
    }

    /** Samples the state of layer {@code layer} of an existing trace (replaying that layer only). */
    void sample(Trace trace, List<Layer> layers, int layer, double[] samples, double[] sampleOut) {
        Layer l = layers.get(layer);
        layerSims[layer].sample(trace.layers().get(layer), l.weights(), l.size(), l.params(), samples, sampleOut);
    }
}
