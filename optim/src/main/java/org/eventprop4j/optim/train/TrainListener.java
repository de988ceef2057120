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

    /** After each optimiser step; {@code batch} is 1-based, {@code meanLoss} the batch's mean loss. */
    default void onBatch(int epoch, int batch, int batches, double meanLoss) {
    }

    /** After each epoch (and after its checkpoint was written). */
    default void onEpoch(EpochMetrics metrics) {
    }
}
