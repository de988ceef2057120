package org.eventprop4j.optim.train;

import java.util.List;

import org.eventprop4j.core.net.FFEvNN;

/**
 * The outcome of {@link Trainer#fit} or {@link Trainer#resume}.
 *
 * @param net            the trained network: with weight averaging ({@link TrainConfig#averageFrom}) the average
 *                       of the networks after epochs {@code averageFrom} to the last that ran, else the network
 *                       after the last epoch (then the same object as {@code lastNet})
 * @param bestNet        the network of record (as {@code net}) after the epoch with the highest validation accuracy
 *                       (earliest on ties); null without validation data
 * @param bestEpoch      1-based epoch of {@code bestNet} (0 without validation data)
 * @param history        metrics of every epoch so far (including epochs before a resume)
 * @param stoppedEarly   whether early stopping ended the run
 * @param lastNet        the network after the last epoch that ran (the optimiser's current point)
 * @param averagedEpochs how many end-of-epoch networks {@code net} averages (0 without averaging)
 */
public record TrainResult(FFEvNN net, FFEvNN bestNet, int bestEpoch, List<EpochMetrics> history,
                          boolean stoppedEarly, FFEvNN lastNet, int averagedEpochs) {
    /**
     * Copies {@code history} (immutable).
     *
     * @param net            the trained network (the weight average, if any)
     * @param bestNet        the network of record after the epoch with the highest validation accuracy, or null
     * @param bestEpoch      1-based epoch of {@code bestNet} (0 without validation data)
     * @param history        metrics of every epoch so far
     * @param stoppedEarly   whether early stopping ended the run
     * @param lastNet        the network after the last epoch that ran
     * @param averagedEpochs how many networks {@code net} averages (0 without averaging)
     */
    public TrainResult {
        history = List.copyOf(history);
    }

    /**
     * The metrics of the last epoch.
     *
     * @return the last entry of {@code history}
     */
    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
