package org.eventprop4j.core.sim;

import java.util.Arrays;

/**
 * A time-ordered list of spikes: {@code times[k]} (ms) was emitted by neuron or input channel {@code sources[k]}.
 * Ties are ordered by source index. Arrays are owned by the record: do not modify them.
 *
 * @param times   spike times in ms, non-decreasing
 * @param sources emitting neuron (or input channel) of each spike
 */
public record Spikes(double[] times, int[] sources) {

    private static final Spikes EMPTY = new Spikes(new double[0], new int[0]);

    /**
     * Checks the list; the arrays are kept as they are, not copied.
     *
     * @param times   spike times in ms, non-negative and non-decreasing
     * @param sources emitting neuron (or input channel) of each spike, non-negative, as many as {@code times}
     * @throws IllegalArgumentException if the lengths differ, a time is NaN, negative or smaller than the one before,
     *                                  or a source is negative
     */
    public Spikes {
        if (times.length != sources.length) {
            throw new IllegalArgumentException("times and sources differ in length");
        }
        for (int k = 0; k < times.length; k++) {
            double t = times[k];
            if (Double.isNaN(t) || t < 0) {
                throw new IllegalArgumentException("spike time " + t + " at position " + k
                        + ": spike times must be non-negative numbers (ms)");
            }
            if (k > 0 && t < times[k - 1]) {
                throw new IllegalArgumentException("spike times must be sorted: times[" + k + "] = " + t
                        + " < times[" + (k - 1) + "] = " + times[k - 1]);
            }
            if (sources[k] < 0) {
                throw new IllegalArgumentException("negative spike source " + sources[k] + " at position " + k);
            }
        }
    }

    /**
     * No spikes.
     *
     * @return the shared empty list
     */
    public static Spikes empty() {
        return EMPTY;
    }

    /**
     * Number of spikes.
     *
     * @return the number of spikes
     */
    public int size() {
        return times.length;
    }

    /**
     * Merges per-source spike lists (each sorted) into one time-ordered list.
     *
     * @param perSource {@code perSource[j]} holds the spike times of source {@code j}
     * @param counts    number of valid entries in each {@code perSource[j]}, or null to use the full arrays
     * @return a new list in time order; spikes at the same time are ordered by source
     */
    public static Spikes merge(double[][] perSource, int[] counts) {
        int n = 0;
        for (int j = 0; j < perSource.length; j++) {
            n += counts == null ? perSource[j].length : counts[j];
        }
        double[] flat = new double[n];
        int[] src = new int[n];
        int k = 0;
        for (int j = 0; j < perSource.length; j++) {
            int c = counts == null ? perSource[j].length : counts[j];
            for (int q = 0; q < c; q++) {
                flat[k] = perSource[j][q];
                src[k] = j;
                k++;
            }
        }
        // stable by time; entries were laid out source by source, so ties stay ordered by source
        return sortedByTime(flat, src);
    }

    /**
     * The spikes {@code (times[q], sources[q])} in time order; spikes at equal times keep their order in the arrays.
     *
     * @param times   spike times, ms (any order; not modified)
     * @param sources their sources, same length
     * @return a new time-ordered list
     */
    public static Spikes sortedByTime(double[] times, int[] sources) {
        int n = times.length;
        int[] order = TimeSort.stableOrder(times, n);
        double[] t = new double[n];
        int[] s = new int[n];
        for (int q = 0; q < n; q++) {
            t[q] = times[order[q]];
            s[q] = sources[order[q]];
        }
        return new Spikes(t, s);
    }

    /**
     * The spike times of source {@code j}, sorted.
     *
     * @param j the source index
     * @return a new array of its spike times (ms), in time order
     */
    public double[] of(int j) {
        int c = 0;
        for (int s : sources) {
            if (s == j) {
                c++;
            }
        }
        double[] out = new double[c];
        int k = 0;
        for (int q = 0; q < times.length; q++) {
            if (sources[q] == j) {
                out[k++] = times[q];
            }
        }
        return out;
    }

    /**
     * Spike times split by source: {@code result[j]} for {@code j < nSources}.
     *
     * @param nSources the number of sources; every source index must be below it
     * @return new arrays: {@code result[j]} holds the spike times (ms) of source {@code j} in time order
     */
    public double[][] perSource(int nSources) {
        int[] counts = new int[nSources];
        for (int s : sources) {
            counts[s]++;
        }
        double[][] out = new double[nSources][];
        for (int j = 0; j < nSources; j++) {
            out[j] = new double[counts[j]];
        }
        int[] fill = new int[nSources];
        for (int q = 0; q < times.length; q++) {
            int s = sources[q];
            out[s][fill[s]++] = times[q];
        }
        return out;
    }

    /**
     * Number of spikes of each source in {@code [0, t]} (ms; a spike at exactly {@code t} counts); shape
     * {@code [nSources]}. Relies on the time order of the list.
     *
     * @param nSources the number of sources; every source index counted must be below it
     * @param t        the end of the interval, ms
     * @return {@code result[j]}: the number of spikes of source {@code j} at times {@code <= t}
     */
    public int[] countsUntil(int nSources, double t) {
        int[] c = new int[nSources];
        for (int k = 0; k < times.length && times[k] <= t; k++) {
            c[sources[k]]++;
        }
        return c;
    }

    /**
     * First spike time of each source, or {@code noSpike} for a silent one.
     *
     * @param nSources the number of sources; every source index must be below it
     * @param noSpike  the value for a source without spikes
     * @return a new array of shape {@code [nSources]}: the first spike time (ms) of each source, or {@code noSpike}
     */
    public double[] firstTimes(int nSources, double noSpike) {
        double[] out = new double[nSources];
        Arrays.fill(out, Double.NaN);
        for (int q = 0; q < times.length; q++) {
            if (Double.isNaN(out[sources[q]])) {
                out[sources[q]] = times[q];
            }
        }
        for (int j = 0; j < nSources; j++) {
            if (Double.isNaN(out[j])) {
                out[j] = noSpike;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spikes s && Arrays.equals(times, s.times) && Arrays.equals(sources, s.sources);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(times) + Arrays.hashCode(sources);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Spikes[");
        for (int q = 0; q < times.length; q++) {
            sb.append(q == 0 ? "" : ", ").append(times[q]).append('@').append(sources[q]);
        }
        return sb.append(']').toString();
    }
}
