package org.eventprop4j.autodiff;

/**
 * The backward pass of one neuron: replays it forward from its known spikes (up to its last event that carries an
 * error), then integrates the adjoint {@code lam = dL/dy} backward, applies the jump conditions at its own spikes,
 * input spikes and samples, and accumulates parameter gradients and the errors of its input spikes into the
 * {@link NeuronTask}.
 */
interface NeuronAdjoint {
    void backward(NeuronTask task);
}
