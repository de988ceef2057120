package org.eventprop4j.examples.data;

import java.util.SplittableRandom;

/**
 * The Yin-Yang dataset of Kriener et al. (2022), generated as in DESIGN.md section 3, and the Wunderlich &amp; Pehle
 * spike encoding. Points lie in the unit square inside the circle of radius 0.5 around (0.5, 0.5); classes are
 * 0 (yang), 1 (yin) and 2 (dot), drawn with equal probability.
 */
public final class YinYang {

    /** Radius of the dots. */
    public static final double R_SMALL = 0.1;
    /** Radius of the whole symbol. */
    public static final double R_BIG = 0.5;
    /** Encoding time scale: feature {@code f} spikes at {@code 30 ms * f}. */
    public static final double T_EARLY_LATE = 30.0;

    /** Points {@code [n][2]} (x, y) and labels {@code [n]}. */
    public record Set(double[][] xy, int[] labels) {
        public int size() {
            return labels.length;
        }
    }

    private YinYang() {
    }

    /** The class of point (x, y): 0 yang, 1 yin, 2 dot. */
    public static int classOf(double x, double y) {
        double dr = Math.hypot(x - 0.75, y - 0.5);
        double dl = Math.hypot(x - 0.25, y - 0.5);
        if (dr < R_SMALL || dl < R_SMALL) {
            return 2;
        }
        boolean yin = dr <= R_SMALL || (R_SMALL < dl && dl <= 0.5 * R_BIG) || (y > R_BIG && dr > 0.5 * R_BIG);
        return yin ? 1 : 0;
    }

    /** {@code n} samples from the generator seeded with {@code seed}. */
    public static Set generate(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] xy = new double[n][];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int goal = rng.nextInt(3);
            while (true) {
                double x = rng.nextDouble();
                double y = rng.nextDouble();
                if (Math.hypot(x - 0.5, y - 0.5) > R_BIG || classOf(x, y) != goal) {
                    continue;
                }
                xy[k] = new double[] {x, y};
                labels[k] = goal;
                break;
            }
        }
        return new Set(xy, labels);
    }

    /**
     * W&amp;P encoding: 5 input channels, spikes at {@code 30 ms * (x, y, 1 - x, 1 - y)} and a bias spike at 0;
     * result {@code [5][1]}.
     */
    public static double[][] encode(double x, double y) {
        return new double[][] {{T_EARLY_LATE * x}, {T_EARLY_LATE * y}, {T_EARLY_LATE * (1 - x)},
            {T_EARLY_LATE * (1 - y)}, {0.0}};
    }
}
