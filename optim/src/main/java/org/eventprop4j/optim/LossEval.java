package org.eventprop4j.optim;

/**
 * The evaluation of a {@link LabeledLoss} on one sample.
 *
 * @param value         the loss of the sample (finite; silent neurons enter it with the loss's documented late time)
 * @param spikeErrors   {@code dL/dt} (1/ms) of every output spike, aligned with {@code trace.output()}
 * @param silentTargets output neurons that are silent although the loss wants them to fire (for
 *                      {@link TtfsCrossEntropy}: the label neuron). Their spike times have no derivative, so
 *                      {@code spikeErrors} cannot move them; a {@link SilentLabelPolicy} supplies the signal.
 */
public record LossEval(double value, double[] spikeErrors, int[] silentTargets) {

    public LossEval {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("loss value is " + value + "; expected a finite number");
        }
    }

    /** Whether at least one neuron the loss wants to fire is silent. */
    public boolean hasSilentTargets() {
        return silentTargets.length > 0;
    }

    /** Whether output neuron {@code neuron} is among the silent targets. */
    public boolean isSilentTarget(int neuron) {
        for (int k : silentTargets) {
            if (k == neuron) {
                return true;
            }
        }
        return false;
    }
}
