package org.eventprop4j.core.sim;

import java.util.List;

/**
 * The forward pass of a whole network for one sample: one {@link LayerTrace} per layer, first to last. Layer
 * {@code l + 1}'s input is layer {@code l}'s output.
 *
 * @param layers per-layer traces
 * @param events number of events (input spikes in the window plus spikes of all neurons) of the sample
 */
public record Trace(List<LayerTrace> layers, int events) {

    /**
     * Copies {@code layers} into an unmodifiable list.
     *
     * @param layers per-layer traces, first to last
     * @param events number of events (input spikes in the window plus spikes of all neurons) of the sample
     */
    public Trace {
        layers = List.copyOf(layers);
    }

    /**
     * The last layer's spikes.
     *
     * @return the output spikes of the last layer
     */
    public Spikes output() {
        return layers.get(layers.size() - 1).output();
    }

    /**
     * Spikes of layer {@code l}.
     *
     * @param l the layer index, 0 for the first
     * @return that layer's output spikes
     */
    public Spikes spikes(int l) {
        return layers.get(l).output();
    }
}
