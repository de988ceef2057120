package org.eventprop4j.autodiff;

/**
 * The backward pass of one neuron over its replayed {@link Timeline}: integrates the adjoint {@code lam = dL/dy}
 * backward from {@code lam(T) = 0}, applies the jump conditions at its own spikes, input spikes and samples, and
 * accumulates parameter gradients and the errors of its input spikes into the {@link NeuronTask}.
 */
interface NeuronAdjoint {
    void backward(NeuronTask task);
}
