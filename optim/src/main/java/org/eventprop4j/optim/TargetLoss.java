package org.eventprop4j.optim;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;

/**
 * A regression loss: compares a sample's forward trace with that sample's target vector (e.g. desired first-spike
 * times of the output neurons, {@link SpikeTimeMse}, or desired output voltages at given times, {@link VoltageMse}).
 * Like {@link LabeledLoss}, one {@link #evaluate} gives the value and its exact derivatives for EventProp (spike
 * errors, and state errors for a loss on the output layer's state).
 */
public interface TargetLoss {

    /**
     * Number of output neurons the loss expects.
     *
     * @return the number of output neurons
     */
    int outputs();

    /**
     * Length of the target vector of a sample.
     *
     * @return the length of a target vector
     */
    int targetLength();

    /**
     * Value and errors of one sample.
     *
     * @param trace  forward trace of the sample
     * @param target the sample's target vector, length {@link #targetLength()}
     * @return the value and errors of the sample
     * @throws IllegalArgumentException if the target has the wrong length or an invalid entry
     */
    LossEval evaluate(Trace trace, double[] target);

    /**
     * This loss for the network being trained (a loss that reads its parameters binds to it); default: this.
     *
     * @param net the network being trained
     * @return the loss to evaluate that network with (by default this loss)
     */
    default TargetLoss bindTo(FFEvNN net) {
        return this;
    }
}
