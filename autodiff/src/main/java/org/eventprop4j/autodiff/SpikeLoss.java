package org.eventprop4j.autodiff;

import org.eventprop4j.core.sim.Trace;

/**
 * A loss of one sample that depends on the output layer's spike times (e.g. first-spike losses). It supplies its
 * value and its exact derivative {@code dL/dt} with respect to each output spike, which the backward pass
 * propagates through the network.
 */
public interface SpikeLoss {

    /**
     * The loss of one sample.
     *
     * @param trace the simulated sample
     * @return the loss value
     */
    double value(Trace trace);

    /**
     * {@code dL/dt_k} of every output spike {@code k} of the trace, aligned with {@code trace.output()} (zero for
     * spikes the loss does not depend on).
     *
     * @param trace the simulated sample
     * @return {@code dL/dt} per output spike, shape [number of output spikes]
     * @throws IllegalArgumentException if the loss is not differentiable for this trace (e.g. a required output
     *                                  neuron is silent), with a message naming the problem
     */
    double[] spikeErrors(Trace trace);
}
