package org.eventprop4j.optim;

import org.eventprop4j.autodiff.SpikeLoss;
import org.eventprop4j.core.sim.Trace;

/**
 * A classification loss on output spike times that depends on the sample's label. One {@link #evaluate} call
 * gives the value, the exact {@code dL/dt} of each output spike and the silent neurons the loss wanted to fire.
 *
 * <p>Times are in ms, so spike errors are in 1/ms. Implementations must return finite values and errors for every
 * trace (silent outputs included) and document how silent neurons are treated.
 */
public interface LabeledLoss {

    /**
     * Number of output neurons (classes) the loss expects; output spikes from a source {@code >= outputs()} are an
     * error.
     *
     * @return the number of output neurons
     */
    int outputs();

    /**
     * Value, spike errors and silent targets of one sample.
     *
     * @param trace forward trace of the sample
     * @param label class index in {@code [0, outputs())}
     * @return the value, spike errors and silent targets of the sample
     * @throws IllegalArgumentException if the label is out of range or the output layer has more neurons than expected
     */
    LossEval evaluate(Trace trace, int label);

    /**
     * The class this loss's readout predicts for a sample, -1 for none. Default: the first-spike rule
     * ({@link FirstSpikeDecision#predict}: the earliest-firing output neuron).
     *
     * @param trace forward trace of the sample
     * @return the predicted class, or -1
     */
    default int predict(Trace trace) {
        return FirstSpikeDecision.predict(trace.output().firstTimes(outputs(), Double.POSITIVE_INFINITY));
    }

    /**
     * Whether the sample counts as correctly classified. Default: the first-spike rule
     * ({@link FirstSpikeDecision#correct}: the label neuron fires and no other fires strictly earlier).
     *
     * @param trace forward trace of the sample
     * @param label the true class
     * @return whether the sample is classified correctly
     */
    default boolean correct(Trace trace, int label) {
        return FirstSpikeDecision.correct(trace.output().firstTimes(outputs(), Double.POSITIVE_INFINITY), label);
    }

    /**
     * Whether the sample's label neuron is silent in the sense of this loss (counted in the metrics, left out of the
     * firing-label loss mean). Default: the label neuron did not fire. A loss on a non-spiking readout says false.
     *
     * @param trace forward trace of the sample
     * @param label the true class
     * @return whether the label neuron counts as silent
     */
    default boolean labelSilent(Trace trace, int label) {
        return !(trace.output().firstTimes(outputs(), Double.POSITIVE_INFINITY)[label] < Double.POSITIVE_INFINITY);
    }

    /**
     * This loss for the network {@code net} (the one being trained; trainers call this with their working copy).
     * A loss that needs the network's parameters (e.g. a readout computed from the last layer's weights) returns a
     * view bound to it; the default returns this loss.
     *
     * @param net the network being trained
     * @return the loss to evaluate that network with (by default this loss)
     */
    default LabeledLoss bindTo(org.eventprop4j.core.net.FFEvNN net) {
        return this;
    }

    /**
     * The loss value of one sample (see {@link #evaluate}).
     *
     * @param trace forward trace of the sample
     * @param label the true class
     * @return the loss value
     */
    default double value(Trace trace, int label) {
        return evaluate(trace, label).value();
    }

    /**
     * {@code dL/dt} of every output spike (1/ms), aligned with {@code trace.output()} (see {@link #evaluate}).
     *
     * @param trace forward trace of the sample
     * @param label the true class
     * @return {@code dL/dt} per output spike, shape [number of output spikes]
     */
    default double[] spikeErrors(Trace trace, int label) {
        return evaluate(trace, label).spikeErrors();
    }

    /**
     * This loss for a fixed label, as an autodiff {@link SpikeLoss} (e.g. for {@code GradientCheck}). Silent target
     * neurons are handled as in {@link #evaluate} (finite value, no error for the silent neuron, no exception); the
     * silent-target information is not available through this view, so trainers should call {@link #evaluate}.
     *
     * @param label the fixed class
     * @return a view of this loss with that label
     */
    default SpikeLoss forLabel(int label) {
        LabeledLoss self = this;
        return new SpikeLoss() {
            @Override
            public double value(Trace trace) {
                return self.evaluate(trace, label).value();
            }

            @Override
            public double[] spikeErrors(Trace trace) {
                return self.evaluate(trace, label).spikeErrors();
            }

            @Override
            public String toString() {
                return self + " for label " + label;
            }
        };
    }

    /**
     * First spike time of each output neuron (ms), {@code +inf} for silent ones; checks sources and label.
     *
     * @param trace   forward trace of the sample
     * @param outputs number of output neurons the loss expects
     * @param label   the true class
     * @return first spike times in ms, shape [outputs]
     * @throws IllegalArgumentException if the label is out of range or an output spike comes from a neuron
     *                                  {@code >= outputs}
     */
    static double[] firstTimes(Trace trace, int outputs, int label) {
        if (label < 0 || label >= outputs) {
            throw new IllegalArgumentException("label " + label + " out of range [0, " + outputs + ")");
        }
        for (int s : trace.output().sources()) {
            if (s >= outputs) {
                throw new IllegalArgumentException("output spike from neuron " + s + " but the loss expects "
                        + outputs + " output neurons");
            }
        }
        return trace.output().firstTimes(outputs, Double.POSITIVE_INFINITY);
    }
}
