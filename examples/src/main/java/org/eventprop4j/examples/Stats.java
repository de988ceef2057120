package org.eventprop4j.examples;

import java.util.Arrays;

/** Summary statistics of measured times, for the CLI's reports and the benchmarks. */
public final class Stats {
    private Stats() {
    }

    /**
     * The arithmetic mean (NaN for no values).
     *
     * @param v the values
     * @return their mean
     */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /**
     * The median: the middle value, or the mean of the two middle values for an even count (NaN for none).
     *
     * @param v the values (not modified)
     * @return their median
     */
    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
