package org.eventprop4j.core.sim;

/** Stable ordering of event times without boxing (merge sort on an index array). */
final class TimeSort {
    private TimeSort() {
    }

    /** Indices {@code 0..n-1} ordered by {@code times}, ties kept in index order. */
    static int[] stableOrder(double[] times, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n < 2) {
            return idx;
        }
        int[] tmp = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int o = lo;
                while (a < mid && b < hi) {
                    tmp[o++] = times[idx[b]] < times[idx[a]] ? idx[b++] : idx[a++];
                }
                while (a < mid) {
                    tmp[o++] = idx[a++];
                }
                while (b < hi) {
                    tmp[o++] = idx[b++];
                }
            }
            int[] sw = idx;
            idx = tmp;
            tmp = sw;
        }
        return idx;
    }
}
