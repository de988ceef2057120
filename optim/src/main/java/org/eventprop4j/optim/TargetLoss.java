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

    /** Number of output neurons the loss expects. */
    int outputs();

    /** Length of the target vector of a sample. */
    int targetLength();

    /**
     * Value and errors of one sample.
     *
     * @throws IllegalArgumentException if the target has the wrong length or an invalid entry
     */
    LossEval evaluate(Trace trace, double[] target);

    /** This loss for the network being trained (a loss that reads its parameters binds to it); default: this. */
    default TargetLoss bindTo(FFEvNN net) {
        return this;
    }
}
