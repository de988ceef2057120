package org.eventprop4j.examples.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.eventprop4j.optim.train.Dataset;

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
        /** @return the number of points */
        public int size() {
            return labels.length;
        }
    }

    /** Train / validation / test sets and where they came from. */
    public record Split(Set train, Set validation, Set test, String source) {
    }

    /** Sizes of the standard split (Kriener et al.): train 5000, validation 1000, test 1000. */
    public static final int TRAIN_SIZE = 5000;
    /** Validation set size. */
    public static final int VALIDATION_SIZE = 1000;
    /** Test set size. */
    public static final int TEST_SIZE = 1000;
    /** Generator seeds of the standard generated split (as in Kriener et al.'s example: 42, 41, 40). */
    public static final long TRAIN_SEED = 42;
    /** Validation generator seed. */
    public static final long VALIDATION_SEED = 41;
    /** Test generator seed. */
    public static final long TEST_SEED = 40;

    private YinYang() {
    }

    /**
     * The generated split: train 5000 (seed 42), validation 1000 (seed 41), test 1000 (seed 40) from this class's
     * generator (the same distribution as Kriener et al.'s, not the same points: their points are
     * {@link #publication(Path)}).
     *
     * @return the generated train, validation and test sets
     */
    public static Split generatedSplit() {
        return new Split(generate(TRAIN_SIZE, TRAIN_SEED), generate(VALIDATION_SIZE, VALIDATION_SEED),
                generate(TEST_SIZE, TEST_SEED), "generated");
    }

    /**
     * The literature's exact split (Kriener et al., {@code publication_data/}): {@code train_, validation_,
     * test_samples.npy} (float64 {@code [n, 4]} = (x, y, 1-x, 1-y)) and {@code *_labels.npy} (integer {@code [n]},
     * 0 yang, 1 yin, 2 dot) in {@code dir}.
     *
     * @param dir folder with Kriener et al.'s {@code .npy} files
     * @return the train, validation and test sets read from {@code dir}
     * @throws IllegalArgumentException if a file is missing or has the wrong shape, values or labels
     */
    public static Split publication(Path dir) {
        return new Split(readNpy(dir, "train"), readNpy(dir, "validation"), readNpy(dir, "test"), "publication");
    }

    /**
     * One part ({@code train}, {@code validation} or {@code test}) of the publication data.
     *
     * @param dir  folder with the {@code .npy} files
     * @param part {@code "train"}, {@code "validation"} or {@code "test"}
     * @return the points (x, y) and labels of that part
     */
    public static Set readNpy(Path dir, String part) {
        Path sf = dir.resolve(part + "_samples.npy");
        Path lf = dir.resolve(part + "_labels.npy");
        for (Path p : new Path[] {sf, lf}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("Yin-Yang data: " + p + " does not exist");
            }
        }
        org.eventprop4j.core.io.Npy.Array s;
        org.eventprop4j.core.io.Npy.Array l;
        try {
            s = org.eventprop4j.core.io.Npy.read(sf);
            l = org.eventprop4j.core.io.Npy.read(lf);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Yin-Yang data: " + e.getMessage(), e);
        }
        long[] ss = s.shape();
        if (s.rank() != 2 || (ss[1] != 4 && ss[1] != 2)) {
            throw new IllegalArgumentException("Yin-Yang data: " + sf + " has shape " + Arrays.toString(ss)
                    + ", expected [n, 4] (x, y, 1-x, 1-y) or [n, 2]");
        }
        int n = (int) ss[0];
        int cols = (int) ss[1];
        if (n == 0 && !part.equals("validation")) {
            throw new IllegalArgumentException("Yin-Yang data: " + sf + " has no samples (the " + part
                    + " part needs at least one)");
        }
        if (l.data().length != n || l.rank() != 1) {
            throw new IllegalArgumentException("Yin-Yang data: " + lf + " has shape " + Arrays.toString(l.shape())
                    + ", expected [" + n + "] (one label per sample)");
        }
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOfRange(s.data(), i * cols, (i + 1) * cols);
        }
        double[] lab = l.data();
        double[][] xy = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double x = m[i][0];
            double y = m[i][1];
            if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                throw new IllegalArgumentException("Yin-Yang data: " + sf + " sample " + i + " = (" + x + ", " + y
                        + ") is outside [0, 1]^2");
            }
            if (!(lab[i] == 0 || lab[i] == 1 || lab[i] == 2)) {
                throw new IllegalArgumentException("Yin-Yang data: " + lf + " label " + i + " = " + lab[i]
                        + " is not 0, 1 or 2");
            }
            xy[i] = new double[] {x, y};
            labels[i] = (int) lab[i];
        }
        return new Set(xy, labels);
    }

    /**
     * The samples of {@code set}, W&amp;P-encoded ({@link #encode}), as a training {@link Dataset}.
     *
     * @param set the points and labels
     * @return the encoded samples (each of shape [5][1], ms) with the same labels
     */
    public static Dataset toDataset(Set set) {
        List<double[][]> in = new ArrayList<>(set.size());
        for (double[] p : set.xy()) {
            in.add(encode(p[0], p[1]));
        }
        return new Dataset(in, set.labels());
    }

    /**
     * The class of point (x, y): 0 yang, 1 yin, 2 dot.
     *
     * @param x horizontal coordinate
     * @param y vertical coordinate
     * @return 0 (yang), 1 (yin) or 2 (dot)
     */
    public static int classOf(double x, double y) {
        double dr = Math.hypot(x - 0.75, y - 0.5);
        double dl = Math.hypot(x - 0.25, y - 0.5);
        if (dr < R_SMALL || dl < R_SMALL) {
            return 2;
        }
        boolean yin = dr <= R_SMALL || (R_SMALL < dl && dl <= 0.5 * R_BIG) || (y > R_BIG && dr > 0.5 * R_BIG);
        return yin ? 1 : 0;
    }

    /**
     * {@code n} samples from the generator seeded with {@code seed}.
     *
     * @param n    number of points
     * @param seed generator seed
     * @return {@code n} points (classes drawn with equal probability) and their labels
     */
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
     *
     * @param x horizontal coordinate, in [0, 1]
     * @param y vertical coordinate, in [0, 1]
     * @return spike times in ms, shape [5][1]
     */
    public static double[][] encode(double x, double y) {
        return new double[][] {{T_EARLY_LATE * x}, {T_EARLY_LATE * y}, {T_EARLY_LATE * (1 - x)},
            {T_EARLY_LATE * (1 - y)}, {0.0}};
    }
}
