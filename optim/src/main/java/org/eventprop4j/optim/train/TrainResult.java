package org.eventprop4j.optim.train;

import java.util.List;

import org.eventprop4j.core.net.FFEvNN;

/**
 * The outcome of {@link Trainer#fit} or {@link Trainer#resume}.
 *
 * @param net          the network after the last epoch that ran
 * @param bestNet      the network after the epoch with the highest validation accuracy (earliest on ties); null
 *                     without validation data
 * @param bestEpoch    1-based epoch of {@code bestNet} (0 without validation data)
 * @param history      metrics of every epoch so far (including epochs before a resume)
 * @param stoppedEarly whether early stopping ended the run
 */
public record TrainResult(FFEvNN net, FFEvNN bestNet, int bestEpoch, List<EpochMetrics> history,
                          boolean stoppedEarly) {
    /**
     * Copies {@code history} (immutable).
     *
     * @param net          the network after the last epoch that ran
     * @param bestNet      the network after the epoch with the highest validation accuracy, or null
     * @param bestEpoch    1-based epoch of {@code bestNet} (0 without validation data)
     * @param history      metrics of every epoch so far
     * @param stoppedEarly whether early stopping ended the run
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
