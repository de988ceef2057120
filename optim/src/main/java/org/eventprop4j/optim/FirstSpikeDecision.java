package org.eventprop4j.optim;

/**
 * The first-spike classification rule (W&amp;P): a sample is classified correctly if its label neuron fires and no
 * other output neuron fires strictly earlier (a tie with the label counts as correct).
 */
public final class FirstSpikeDecision {
    private FirstSpikeDecision() {
    }

    /**
     * @param firstTimes first spike time of each output neuron (ms), {@code +inf} (or NaN) when silent
     * @param label      the true class
     * @return whether the label neuron fired and no other output neuron fired strictly earlier
     */
    public static boolean correct(double[] firstTimes, int label) {
        double tl = firstTimes[label];
        if (!Double.isFinite(tl)) {
            return false;
        }
        for (int k = 0; k < firstTimes.length; k++) {
            if (k != label && firstTimes[k] < tl) {
                return false;
            }
        }
        return true;
    }

    /**
     * The earliest-firing output neuron (lowest index on ties), or -1 if all are silent.
     *
     * @param firstTimes first spike time of each output neuron (ms), {@code +inf} (or NaN) when silent
     * @return the index of the earliest-firing neuron, or -1
     */
    public static int predict(double[] firstTimes) {
        int best = -1;
        for (int k = 0; k < firstTimes.length; k++) {
            if (Double.isFinite(firstTimes[k]) && (best < 0 || firstTimes[k] < firstTimes[best])) {
                best = k;
            }
        }
        return best;
    }
}
