package org.eventprop4j.examples.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.core.io.Npy;
import org.eventprop4j.optim.train.Dataset;

/**
 * The user's own spike data for {@code ./evnn train --dataset spikes --data-dir DIR}: NumPy {@code .npy} files
 * <pre>
 *   DIR/train_spikes.npy        float [n, channels] (one spike per channel) or [n, channels, k] (up to k spikes)
 *   DIR/train_labels.npy        integer [n], classes 0 .. C-1
 *   DIR/test_spikes.npy, DIR/test_labels.npy                  (required)
 *   DIR/validation_spikes.npy, DIR/validation_labels.npy      (optional)
 * </pre>
 * Spike times are in ms, {@code >= 0}; {@code NaN} marks "no spike" (padding). Every part must have the same number
 * of channels; the train and test parts at least one sample; the number of classes is the largest label + 1 over all
 * parts, at most {@link #MAX_CLASSES}. Files are read with the checked
 * {@link Npy} reader (a truncated file is an error naming it).
 */
public final class SpikeData {

    /** At most this many classes (the largest layer {@code train --layers} accepts): labels are below it. */
    public static final int MAX_CLASSES = 100_000;

    /** The parts, the number of input channels and of classes. */
    public record Split(Dataset train, Dataset validation, Dataset test, int channels, int classes, String source) {
    }

    private SpikeData() {
    }

    /**
     * Reads the parts from {@code dir}; the validation part is empty if its files are absent.
     *
     * @param dir folder with the {@code .npy} files
     * @return the parts, the number of channels and classes, and a description of the source
     */
    public static Split load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dataset spikes: " + dir + " is not a folder");
        }
        int[] channels = {-1};
        Dataset tr = part(dir, "train", channels, true);
        Dataset va = part(dir, "validation", channels, false);
        Dataset te = part(dir, "test", channels, true);
        int classes = 0;
        for (Dataset d : new Dataset[] {tr, va, te}) {
            for (int l : d.labels()) {
                classes = Math.max(classes, l + 1);
            }
        }
        return new Split(tr, va, te, channels[0], classes, "spikes (" + dir + "): train " + tr.size()
                + ", validation " + va.size() + ", test " + te.size() + ", " + channels[0] + " channels, " + classes
                + " classes");
    }

    private static Dataset part(Path dir, String name, int[] channels, boolean required) {
        Path sf = dir.resolve(name + "_spikes.npy");
        Path lf = dir.resolve(name + "_labels.npy");
        if (!required && !Files.exists(sf) && !Files.exists(lf)) {
            return new Dataset(List.of(), new int[0]);
        }
        Npy.Array s = Npy.read(sf);
        Npy.Array l = Npy.read(lf);
        if (s.rank() != 2 && s.rank() != 3) {
            throw new IllegalArgumentException(sf + ": shape " + java.util.Arrays.toString(s.shape())
                    + ", expected [n, channels] or [n, channels, k]");
        }
        int n = (int) s.shape()[0];
        int c = (int) s.shape()[1];
        int k = s.rank() == 3 ? (int) s.shape()[2] : 1;
        if (l.rank() != 1 || l.shape()[0] != n) {
            throw new IllegalArgumentException(lf + ": shape " + java.util.Arrays.toString(l.shape()) + ", expected ["
                    + n + "] (one label per sample of " + sf.getFileName() + ")");
        }
        if (c < 1) {
            throw new IllegalArgumentException(sf + ": no channels");
        }
        if (n == 0 && required) {
            throw new IllegalArgumentException(sf + ": no samples (the " + name + " part needs at least one)");
        }
        if (channels[0] >= 0 && channels[0] != c) {
            throw new IllegalArgumentException(sf + ": " + c + " channels, the train part has " + channels[0]);
        }
        channels[0] = c;
        List<double[][]> in = new ArrayList<>(n);
        int[] labels = new int[n];
        double[] v = s.data();
        for (int i = 0; i < n; i++) {
            double[][] sample = new double[c][];
            for (int j = 0; j < c; j++) {
                double[] t = new double[k];
                int m = 0;
                for (int q = 0; q < k; q++) {
                    double x = v[(i * c + j) * k + q];
                    if (Double.isNaN(x)) {
                        continue;
                    }
                    if (!(x >= 0) || Double.isInfinite(x)) {
                        throw new IllegalArgumentException(sf + ": sample " + i + " channel " + j + " has spike time "
                                + x + "; times must be finite and >= 0 ms (NaN = no spike)");
                    }
                    t[m++] = x;
                }
                sample[j] = java.util.Arrays.copyOf(t, m);
            }
            in.add(sample);
            double lab = l.data()[i];
            if (!(lab >= 0) || lab != Math.rint(lab) || lab >= MAX_CLASSES) {
                throw new IllegalArgumentException(lf + ": label " + i + " = " + lab
                        + " is not a class index (an integer in [0, " + (MAX_CLASSES - 1) + "])");
            }
            labels[i] = (int) lab;
        }
        return new Dataset(in, labels);
    }

    /**
     * Writes {@code data} as part {@code name} in {@code dir} ({@code [n, channels, k]} with {@code k} the most spikes
     * of any channel, NaN padding; labels as float64), e.g. to convert recorded data or for tests.
     *
     * @param dir      the folder to write to
     * @param name     the part, e.g. {@code "train"} (files {@code NAME_spikes.npy} and {@code NAME_labels.npy})
     * @param data     the samples and labels
     * @param channels number of input channels of each sample
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, String name, Dataset data, int channels) throws IOException {
        int n = data.size();
        int k = 1;
        for (double[][] s : data.inputs()) {
            for (double[] ch : s) {
                k = Math.max(k, ch.length);
            }
        }
        double[] v = new double[n * channels * k];
        java.util.Arrays.fill(v, Double.NaN);
        for (int i = 0; i < n; i++) {
            double[][] s = data.inputs().get(i);
            for (int j = 0; j < channels; j++) {
                for (int q = 0; q < s[j].length; q++) {
                    v[(i * channels + j) * k + q] = s[j][q];
                }
            }
        }
        Npy.write(dir.resolve(name + "_spikes.npy"), new long[] {n, channels, k}, v);
        double[] lab = new double[n];
        for (int i = 0; i < n; i++) {
            lab[i] = data.labels()[i];
        }
        Npy.write(dir.resolve(name + "_labels.npy"), new long[] {n}, lab);
    }
}
