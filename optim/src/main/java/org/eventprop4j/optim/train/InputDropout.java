package org.eventprop4j.optim.train;

import java.util.SplittableRandom;

/**
 * Input dropout, a regulariser of training: each input spike of a training sample is removed with probability
 * {@code p}, drawn afresh for every sample in every epoch (validation and test inputs are never touched). The
 * gradient of a training step stays exact for the inputs the network was given; what changes is which inputs those
 * are. Used on image data (e.g. {@code ./evnn train --dataset fashion-mnist --input-dropout 0.2}), where a 784-350-10
 * network otherwise fits the training set well beyond what it generalises (docs/data.md).
 *
 * <p><b>Determinism.</b> The spikes dropped from sample {@code i} in epoch {@code e} depend only on
 * {@code (seed, e, i)}, never on the batch, the thread or the order of evaluation, so a run is the same whatever the
 * number of threads and a resumed run is bit-identical to the uninterrupted one.
 *
 * @param p probability of removing each input spike, in {@code [0, 1)}
 */
public record InputDropout(double p) {

    /**
     * @throws IllegalArgumentException unless {@code 0 <= p < 1}
     */
    public InputDropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("input dropout must be a probability in [0, 1), got " + p);
        }
    }

    /** @return true if this drops nothing ({@code p = 0}) */
    public boolean isOff() {
        return p == 0;
    }

    /**
     * The input of training sample {@code sample} in epoch {@code epoch} (0-based) of a run with {@code seed}, with
     * its dropped spikes removed.
     *
     * @param inSpikes the sample's spike times, {@code [channel][k]} in ms (not modified)
     * @param seed     the run's seed
     * @param epoch    the epoch, 0-based
     * @param sample   the sample's index in its data set
     * @return a new array with the kept spikes, or {@code inSpikes} itself if {@code p = 0}
     */
    public double[][] apply(double[][] inSpikes, long seed, int epoch, int sample) {
        if (p == 0) {
            return inSpikes;
        }
        SplittableRandom r = new SplittableRandom(mix(seed, epoch, sample));
        double[][] out = new double[inSpikes.length][];
        for (int c = 0; c < inSpikes.length; c++) {
            double[] s = inSpikes[c];
            int kept = 0;
            double[] keep = new double[s.length];
            for (double t : s) {
                // every spike draws, padding (+inf) included, so the draws do not depend on the padding's position
                if (r.nextDouble() >= p) {
                    keep[kept++] = t;
                }
            }
            out[c] = kept == s.length ? keep : java.util.Arrays.copyOf(keep, kept);
        }
        return out;
    }

    private static long mix(long seed, int epoch, int sample) {
        long h = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        h ^= (epoch + 1L) * 0xC2B2AE3D27D4EB4FL;
        h = Long.rotateLeft(h, 31) * 0x165667B19E3779F9L;
        h ^= (sample + 1L) * 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 29);
    }
}
