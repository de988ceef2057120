package org.eventprop4j.examples.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.optim.train.Dataset;

/**
 * Fashion-MNIST (Zalando; MIT licence) from its original IDX files, latency-encoded for spiking networks: pixel
 * {@code p} (0..255) fires once at {@code t = tMax (1 - p / 255)} ms (bright pixels early), and pixels with
 * {@code p <= 1} stay silent. With {@code pool = 2} each 2x2 block is averaged first (196 inputs instead of 784).
 * Debian's package {@code dataset-fashion-mnist} installs the files in {@link #DEBIAN_DIR}.
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} installs the IDX files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The ten classes, in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Pixels at or below this value are silent. */
    public static final int SILENT_AT_OR_BELOW = 1;

    /** Images and labels of one part: {@code pixels[i]} has {@code side * side} values 0..255. */
    public record Images(int side, int[][] pixels, int[] labels) {
        /** @return the number of images */
        public int size() {
            return labels.length;
        }
    }

    /** Train (without validation), validation and test parts. */
    public record Split(Dataset train, Dataset validation, Dataset test, int inputs, String source) {
    }

    private FashionMnist() {
    }

    /** The files of {@code part} ("train" or "t10k") in {@code dir}, gzipped or not. */
    private static Path file(Path dir, String part, String kind) {
        Path gz = dir.resolve(part + "-" + kind + "-idx" + (kind.equals("images") ? 3 : 1) + "-ubyte.gz");
        Path plain = dir.resolve(part + "-" + kind + "-idx" + (kind.equals("images") ? 3 : 1) + "-ubyte");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new IllegalArgumentException("Fashion-MNIST: " + gz + " not found (install Debian's package "
                + "dataset-fashion-mnist, or give --data-dir with the original IDX files)");
    }

    /**
     * Reads part {@code "train"} (60,000) or {@code "t10k"} (10,000) from {@code dir}.
     *
     * @param dir  folder with the IDX files (gzipped or not)
     * @param part {@code "train"} or {@code "t10k"}
     * @return the images and labels of that part
     */
    public static Images read(Path dir, String part) {
        Path imgFile = file(dir, part, "images");
        Path labFile = file(dir, part, "labels");
        Idx.Data img = Idx.read(imgFile);
        Idx.Data lab = Idx.read(labFile);
        if (img.dims().length != 3 || img.dims()[1] != img.dims()[2] || img.dims()[1] == 0) {
            throw new IllegalArgumentException("Fashion-MNIST: " + imgFile + " has sizes "
                    + java.util.Arrays.toString(img.dims()) + ", expected [n, side, side] (n images of side x side "
                    + "pixels)");
        }
        if (img.dims()[0] == 0) {
            throw new IllegalArgumentException("Fashion-MNIST: " + imgFile + " holds no images");
        }
        if (lab.dims().length != 1 || lab.dims()[0] != img.dims()[0]) {
            throw new IllegalArgumentException("Fashion-MNIST: " + labFile + " has sizes "
                    + java.util.Arrays.toString(lab.dims()) + ", expected [" + img.dims()[0] + "] (one label per "
                    + "image of " + imgFile.getFileName() + ")");
        }
        int n = img.dims()[0];
        int side = img.dims()[1];
        int[][] px = new int[n][side * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < side * side; q++) {
                px[i][q] = img.at(i * side * side + q);
            }
            labels[i] = lab.at(i);
            if (labels[i] > 9) {
                throw new IllegalArgumentException("Fashion-MNIST: " + labFile + " label " + i + " = " + labels[i]
                        + " is not a class (0..9)");
            }
        }
        return new Images(side, px, labels);
    }

    /**
     * Pixels averaged over {@code pool x pool} blocks (rounded to the nearest integer); pool 1 = unchanged.
     *
     * @param px   pixel values 0..255, row-major, shape [side * side]
     * @param side image side in pixels
     * @param pool block side; must divide {@code side}
     * @return the pooled pixels, shape [(side / pool)^2] ({@code px} itself if {@code pool} is 1)
     */
    public static int[] pool(int[] px, int side, int pool) {
        if (pool == 1) {
            return px;
        }
        if (pool < 1 || side % pool != 0) {
            throw new IllegalArgumentException("--pool " + pool + " does not divide the image side " + side);
        }
        int s = side / pool;
        int[] out = new int[s * s];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                int sum = 0;
                for (int dr = 0; dr < pool; dr++) {
                    for (int dc = 0; dc < pool; dc++) {
                        sum += px[(r * pool + dr) * side + c * pool + dc];
                    }
                }
                out[r * s + c] = (int) Math.round((double) sum / (pool * pool));
            }
        }
        return out;
    }

    /**
     * Latency code of one image: {@code [pixel][0 or 1 spike]}, times in {@code [0, tMax]} ms.
     *
     * @param px   pixel values 0..255
     * @param tMax latency-code time scale in ms: pixel {@code p} fires at {@code tMax (1 - p / 255)}
     * @return spike times in ms, shape [px.length][0 or 1]
     */
    public static double[][] encode(int[] px, double tMax) {
        double[][] in = new double[px.length][];
        for (int q = 0; q < px.length; q++) {
            in[q] = px[q] <= SILENT_AT_OR_BELOW ? new double[0] : new double[] {tMax * (1.0 - px[q] / 255.0)};
        }
        return in;
    }

    private static Dataset toDataset(Images im, int from, int to, int pool, double tMax) {
        List<double[][]> in = new ArrayList<>(to - from);
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            in.add(encode(pool(im.pixels()[i], im.side(), pool), tMax));
            labels[i - from] = im.labels()[i];
        }
        return new Dataset(in, labels);
    }

    /**
     * The split: the first {@code 60000 - validation} training images train, the last {@code validation} validate,
     * the 10,000 test images test; each part cut to its first {@code limit} samples if {@code limit > 0}.
     *
     * @param dir        folder with the IDX files
     * @param validation number of training images held out for validation (the last ones)
     * @param pool       pooling block side (1 = none)
     * @param tMax       latency-code time scale, in ms
     * @param limit      maximum number of samples per part, or {@code <= 0} for all
     * @return the train, validation and test datasets, the number of inputs and a description of the source
     */
    public static Split load(Path dir, int validation, int pool, double tMax, int limit) {
        Images train = read(dir, "train");
        Images test = read(dir, "t10k");
        if (validation < 0 || validation >= train.size()) {
            throw new IllegalArgumentException("--validation must be in [0, " + train.size() + "), got " + validation);
        }
        int nTrain = train.size() - validation;
        int cut = limit > 0 ? limit : Integer.MAX_VALUE;
        Dataset tr = toDataset(train, 0, Math.min(nTrain, cut), pool, tMax);
        Dataset va = toDataset(train, nTrain, nTrain + Math.min(validation, cut), pool, tMax);
        Dataset te = toDataset(test, 0, Math.min(test.size(), cut), pool, tMax);
        int side = train.side() / pool;
        return new Split(tr, va, te, side * side, "fashion-mnist (" + dir + "): train " + tr.size()
                + ", validation " + va.size() + ", test " + te.size() + (pool > 1 ? ", " + pool + "x" + pool
                + " pooled" : "") + ", latency code t = " + tMax + " ms (1 - p/255)");
    }
}
