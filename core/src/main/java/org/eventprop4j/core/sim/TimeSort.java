package org.eventprop4j.core.sim;

/**
 * Stable ordering of event times without boxing: insertion-sorted runs of {@value #RUN}, then bottom-up merges, on
 * a copy of the keys (direct comparisons, no indirect loads).
 */
final class TimeSort {
    private static final int RUN = 24;

    private TimeSort() {
    }

    /** Indices {@code 0..n-1} ordered by {@code times}, ties kept in index order. */
    static int[] stableOrder(double[] times, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = !(times[i] < times[i - 1]);
        }
        if (sorted) {
            return idx;
        }
        double[] key = java.util.Arrays.copyOf(times, n);
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(lo + RUN, n);
            for (int i = lo + 1; i < hi; i++) {
                double kv = key[i];
                int iv = idx[i];
                int j = i - 1;
                while (j >= lo && key[j] > kv) {
                    key[j + 1] = key[j];
                    idx[j + 1] = idx[j];
                    j--;
                }
                key[j + 1] = kv;
                idx[j + 1] = iv;
            }
        }
        if (n <= RUN) {
            return idx;
        }
        int[] ti = new int[n];
        double[] tk = new double[n];
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int o = lo;
                while (a < mid && b < hi) {
                    // the right run's element goes first only if strictly earlier: ties keep index order
                    if (key[b] < key[a]) {
                        tk[o] = key[b];
                        ti[o++] = idx[b++];
                    } else {
                        tk[o] = key[a];
                        ti[o++] = idx[a++];
                    }
                }
                while (a < mid) {
                    tk[o] = key[a];
                    ti[o++] = idx[a++];
                }
                while (b < hi) {
                    tk[o] = key[b];
                    ti[o++] = idx[b++];
                }
            }
            int[] si = idx;
            idx = ti;
            ti = si;
            double[] sk = key;
            key = tk;
            tk = sk;
        }
        return idx;
    }
}
