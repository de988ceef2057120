package org.eventprop4j.autodiff;

import org.eventprop4j.core.sim.Spikes;

/**
 * Everything the backward pass of one neuron reads and writes: its replayed timeline, parameters and incoming
 * errors, and the layer-level arrays it accumulates into. Reused from neuron to neuron.
 */
final class NeuronTask {
    Timeline timeline;
    /** This neuron's parameters, in the model's order. */
    double[] p;
    /** The neuron's index in its layer and the layer size. */
    int neuron;
    int size;
    /** The layer's input spikes and weights ({@code [pre * size + post]}). */
    Spikes input;
    double[] weights;
    /** dL/dt of each of this neuron's spikes, in time order. */
    double[] spikeErrors;
    /** dL/dy at the sample times, {@code [q * channels + c]}, or null. */
    double[] sampleErrors;
    /** Accumulators: dL/dW of the layer, dL/dp of the layer {@code [k][neuron]}, dL/dt of the layer's inputs. */
    double[] weightGrad;
    double[][] paramGrad;
    double[] inputErrors;
    /** Tangential crossings met. */
    int tangential;
}
