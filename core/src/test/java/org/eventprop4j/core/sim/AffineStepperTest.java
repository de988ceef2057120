package org.eventprop4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Hermite cubic's maximum that decides which sub-steps are searched for crossings ({@link AffineStepper}). */
class AffineStepperTest {

    static LongStream seeds() {
        return LongStream.range(300, 400);
    }

    /** Never below the cubic anywhere on [0, 1] (a smaller value could skip a crossing), and attained. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void hermiteMaxIsTheCubicsMaximum(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double p0 = rng.nextDouble(-1, 0.2);
        double p1 = rng.nextDouble(-1, 0.2);
        double m0 = seed % 4 == 0 ? 0.0 : rng.nextDouble(-2, 2);
        double m1 = seed % 7 == 0 ? m0 : rng.nextDouble(-2, 2);
        if (seed % 11 == 0) {
            // a quadratic (c3 = 0): slopes consistent with p(x) = p0 + m0 x + c2 x^2
            double c2 = rng.nextDouble(-2, 2);
            p1 = p0 + m0 + c2;
            m1 = m0 + 2 * c2;
        }
        double c2 = 3.0 * (p1 - p0) - 2.0 * m0 - m1;
        double c3 = 2.0 * (p0 - p1) + m0 + m1;
        double best = Double.NEGATIVE_INFINITY;
        for (int q = 0; q <= 100_000; q++) {
            double x = q / 100_000.0;
            best = Math.max(best, p0 + x * (m0 + x * (c2 + x * c3)));
        }
        double got = AffineStepper.hermiteMax(p0, p1, m0, m1);
        String what = "seed " + seed + ": p0 " + p0 + " p1 " + p1 + " m0 " + m0 + " m1 " + m1 + ": max " + got
                + ", scan " + best;
        assertTrue(got >= best - 1e-15, what);
        assertTrue(got <= best + 1e-9, what);
    }
}
