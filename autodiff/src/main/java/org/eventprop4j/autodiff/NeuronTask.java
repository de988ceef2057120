package org.eventprop4j.autodiff;

import org.eventprop4j.core.sim.Spikes;

/**
 * Everything the backward pass of one neuron reads and writes: its spikes, inputs, parameters and incoming errors,
 * and the layer-level arrays it accumulates into. Reused from neuron to neuron.
 */
final class NeuronTask {
    /**
     * The layer's spikes grouped by neuron: this neuron's spike times (sorted) and their {@code dL/dt} are
     * {@code ownTimes[ownFrom..ownTo)} and {@code ownErrors[ownFrom..ownTo)}.
     */
    double[] ownTimes;
    double[] ownErrors;
    int ownFrom;
    int ownTo;
    /** The time of this neuron's last event that carries an error. */
    double until;
    /** Sample times of the sampled-state loss (sorted), or null. */
    double[] sampleTimes;
    /** This neuron's parameters, in the model's order. */
    double[] p;
    /** The neuron's index in its layer and the layer size. */
    int neuron;
    int size;
    /** The layer's input spikes and weights ({@code [pre * size + post]}). */
    Spikes input;
    double[] weights;
    /** dL/dy at the sample times, {@code [q * channels + c]}, or null. */
    double[] sampleErrors;
    /** Accumulators: dL/dW of the layer, dL/dp of the layer {@code [k][neuron]}, dL/dt of the layer's inputs. */
    double[] weightGrad;
    double[][] paramGrad;
    double[] inputErrors;
    /** Tangential crossings met. */
    int tangential;
}
