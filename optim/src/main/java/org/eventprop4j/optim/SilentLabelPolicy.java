package org.eventprop4j.optim;

import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.sim.Trace;

/**
 * What to do about output neurons that a loss wants to fire but that are silent in a sample
 * ({@link LossEval#silentTargets()}): a silent neuron has no spike time, so the spike-time gradient cannot reach it.
 * A policy adds its own signal to the batch gradient after the EventProp backward pass and before the optimiser step.
 */
public interface SilentLabelPolicy {

    /**
     * Adds this policy's contribution for one sample to {@code g}.
     *
     * @param trace         forward trace of the sample
     * @param silentNeurons output neurons to push (from {@link LossEval#silentTargets()})
     * @param sampleWeight  the sample's weight in {@code g} ({@code 1 / batchSize} if {@code g} is a batch mean,
     *                      1 if it is a sum)
     * @param g             gradients of the network that produced {@code trace}
     * @return the number of gradient entries changed (0 if the policy could not act on this sample)
     */
    int apply(Trace trace, int[] silentNeurons, double sampleWeight, Gradients g);

    /**
     * Count only (W&amp;P behaviour without the NaN): the silent label neuron gets no signal.
     *
     * @return a policy that changes nothing and returns 0
     */
    static SilentLabelPolicy none() {
        return (trace, silent, w, g) -> 0;
    }

    /**
     * See {@link PushIncomingWeights}.
     *
     * @param strength the surrogate's slope per weight (dimensionless, {@code > 0})
     * @return a new {@link PushIncomingWeights}
     */
    static SilentLabelPolicy pushIncomingWeights(double strength) {
        return new PushIncomingWeights(strength);
    }
}
