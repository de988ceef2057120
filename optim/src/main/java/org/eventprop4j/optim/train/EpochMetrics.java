package org.eventprop4j.optim.train;

/**
 * What one training epoch measured. Training loss and accuracy are means over the epoch's mini-batches, each
 * measured on the forward pass just before that batch's update (no extra pass). Spike counts and silent labels come
 * from the same training forward passes. Validation values are NaN when there is no validation set.
 *
 * @param epoch                  1-based epoch number
 * @param lr                     the base learning rate used in this epoch
 * @param trainLoss              mean training loss over the samples whose label neuron fired (W&amp;P's convention;
 *                               the others are counted in {@code silentLabelSamples})
 * @param trainAccuracy          training accuracy (first-spike rule)
 * @param valLoss                mean validation loss after the epoch, same convention (NaN without validation data)
 * @param valAccuracy            validation accuracy after the epoch (NaN without validation data); loss and
 *                               accuracy are those of the network of record: the weight average once it has begun
 *                               ({@link TrainConfig#averageFrom}), else the network just trained
 * @param hiddenSpikesPerSample  mean number of spikes of all hidden layers per training sample
 * @param outputSpikesPerSample  mean number of output spikes per training sample
 * @param silentLabelSamples     training samples whose label neuron was silent
 * @param seconds                wall time of the epoch including the validation pass
 * @param trainSeconds           wall time of the training pass alone (forward, loss, backward and update over the
 *                               training set); this and {@code seconds} are the only non-deterministic fields
 */
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainAccuracy, double valLoss,
                           double valAccuracy, double hiddenSpikesPerSample, double outputSpikesPerSample,
                           long silentLabelSamples, double seconds, double trainSeconds) {

    /**
     * This record with the times set to 0 (for comparing runs bit for bit).
     *
     * @return a copy with {@code seconds} and {@code trainSeconds} set to 0
     */
    public EpochMetrics withoutTime() {
        return new EpochMetrics(epoch, lr, trainLoss, trainAccuracy, valLoss, valAccuracy, hiddenSpikesPerSample,
                outputSpikesPerSample, silentLabelSamples, 0.0, 0.0);
    }

    /**
     * Column names of {@link #csvRow()}.
     *
     * @return the comma-separated column names
     */
    public static String csvHeader() {
        return "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,hidden_spikes_per_sample,"
                + "output_spikes_per_sample,silent_label_samples,seconds,train_seconds";
    }

    /**
     * One CSV line (no newline); NaN is written as an empty field.
     *
     * @return the fields of this record, comma-separated
     */
    public String csvRow() {
        return epoch + "," + num(lr) + "," + num(trainLoss) + "," + num(trainAccuracy) + "," + num(valLoss) + ","
                + num(valAccuracy) + "," + num(hiddenSpikesPerSample) + "," + num(outputSpikesPerSample) + ","
                + silentLabelSamples + "," + String.format(java.util.Locale.ROOT, "%.3f,%.3f", seconds, trainSeconds);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
