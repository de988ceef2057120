package org.eventprop4j.optim.train;

/** Progress callbacks of a {@link Trainer}; all methods run on the training thread and default to no-ops. */
public interface TrainListener {

    /**
     * Before the first epoch of a run.
     *
     * @param firstEpoch      1-based number of the first epoch that will run (greater than 1 when resuming)
     * @param epochs          the last epoch number
     * @param batchesPerEpoch mini-batches per epoch
     */
    default void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
    }

    /**
     * After each optimiser step; {@code batch} is 1-based, {@code meanLoss} the batch's mean loss.
     *
     * @param epoch    1-based epoch number
     * @param batch    1-based batch number within the epoch
     * @param batches  mini-batches per epoch
     * @param meanLoss the batch's mean loss over the samples whose label neuron fired
     *                 ({@link org.eventprop4j.optim.LossMetrics#meanLossFiring()})
     */
    default void onBatch(int epoch, int batch, int batches, double meanLoss) {
    }

    /**
     * After each epoch (and after its checkpoint was written).
     *
     * @param metrics what the epoch measured
     */
    default void onEpoch(EpochMetrics metrics) {
    }
}
