package org.eventprop4j.optim;

/**
 * The evaluation of a {@link LabeledLoss} on one sample.
 *
 * @param value         the loss of the sample (finite; silent neurons enter it with the loss's documented late time)
 * @param spikeErrors   {@code dL/dt} (1/ms) of every output spike, aligned with {@code trace.output()}
 * @param silentTargets output neurons that are silent although the loss wants them to fire (for
 *                      {@link TtfsCrossEntropy}: the label neuron). Their spike times have no derivative, so
 *                      {@code spikeErrors} cannot move them; a {@link SilentLabelPolicy} supplies the signal.
 * @param stateTimes    for a loss on the output layer's state (e.g. its voltage at given times): sorted, distinct
 *                      times (ms) at which it depends on the state; null for a loss on spike times only
 * @param stateErrors   {@code dL/dy} at those times, {@code [neuron][time][channel]}; null with {@code stateTimes}
 * @param inputErrors   {@code dL/dt} of the output layer's input spikes beyond what the state errors carry (aligned with
 *                      {@code trace.layers().get(last).input()}; e.g. a loss on a maximum that sits on an input spike
 *                      and moves with it), or null
 */
public record LossEval(double value, double[] spikeErrors, int[] silentTargets, double[] stateTimes,
                       double[][][] stateErrors, double[] inputErrors) {

    /**
     * Checks that {@code value} is finite and that {@code stateTimes} and {@code stateErrors} are both given or both
     * null.
     *
     * @param value         the loss of the sample (finite)
     * @param spikeErrors   {@code dL/dt} (1/ms) of every output spike, aligned with {@code trace.output()}
     * @param silentTargets output neurons that are silent although the loss wants them to fire
     * @param stateTimes    times (ms) at which the loss depends on the output layer's state, or null
     * @param stateErrors   {@code dL/dy} at those times, {@code [neuron][time][channel]}, or null
     * @param inputErrors   extra {@code dL/dt} of the output layer's input spikes, or null
     */
    public LossEval {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("loss value is " + value + "; expected a finite number");
        }
        if ((stateTimes == null) != (stateErrors == null)) {
            throw new IllegalArgumentException("state times and state errors come together");
        }
    }

    /**
     * A loss on spike times only.
     *
     * @param value         the loss of the sample (finite)
     * @param spikeErrors   {@code dL/dt} (1/ms) of every output spike, aligned with {@code trace.output()}
     * @param silentTargets output neurons that are silent although the loss wants them to fire
     */
    public LossEval(double value, double[] spikeErrors, int[] silentTargets) {
        this(value, spikeErrors, silentTargets, null, null, null);
    }

    /**
     * The errors handed to EventProp's hidden layers: {@code inputErrors} as the errors of the spikes of layer
     * {@code L - 2} (the output layer's inputs), null for the other layers; null if there are none (or the network has
     * one layer, whose inputs are not trained).
     *
     * @param layers number of layers {@code L} of the network
     * @return per layer but the last, {@code dL/dt} of its spikes (only layer {@code L - 2} non-null), or null
     */
    public double[][] hiddenErrors(int layers) {
        if (inputErrors == null || layers < 2) {
            return null;
        }
        double[][] h = new double[layers - 1][];
        h[layers - 2] = inputErrors;
        return h;
    }

    /**
     * Whether at least one neuron the loss wants to fire is silent.
     *
     * @return whether {@code silentTargets} is non-empty
     */
    public boolean hasSilentTargets() {
        return silentTargets.length > 0;
    }

    /**
     * Whether output neuron {@code neuron} is among the silent targets.
     *
     * @param neuron an output neuron index
     * @return whether it is listed in {@code silentTargets}
     */
    public boolean isSilentTarget(int neuron) {
        for (int k : silentTargets) {
            if (k == neuron) {
                return true;
            }
        }
        return false;
    }
}
