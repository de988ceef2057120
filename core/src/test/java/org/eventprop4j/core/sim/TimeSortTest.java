package org.eventprop4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TimeSort#stableOrder} against Java's stable list sort, with many ties and every size around its runs. */
class TimeSortTest {

    static LongStream seeds() {
        return LongStream.range(900, 960);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stableOrderIsTheStableSort(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = (int) (seed % 3 == 0 ? rng.nextInt(0, 60) : rng.nextInt(0, 1200));
        double[] t = new double[n];
        int distinct = 1 + rng.nextInt(n + 1);
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(distinct) * 0.25;          // many ties
        }
        if (seed % 5 == 0) {
            java.util.Arrays.sort(t);                      // the already-sorted shortcut
        }
        List<Integer> ref = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ref.add(i);
        }
        ref.sort(Comparator.comparingDouble(i -> t[i]));
        int[] want = ref.stream().mapToInt(Integer::intValue).toArray();
        System.out.println("TimeSortTest seed " + seed + ": n " + n + ", distinct " + distinct);
        assertArrayEquals(want, TimeSort.stableOrder(t, n), "seed " + seed);
    }
}
