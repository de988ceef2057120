package org.eventprop4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import org.eventprop4j.optim.train.Dataset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX, Fashion-MNIST encoding and the spikes .npy format: round trips on tiny fixtures written here, truncation is an
 * error, and (where Debian's dataset-fashion-mnist is installed) the real files have the documented sizes.
 */
class DataSetsTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given sizes. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(0);
        b.write(8);
        b.write(dims.length);
        for (int d : dims) {
            b.write(d >>> 24);
            b.write(d >>> 16);
            b.write(d >>> 8);
            b.write(d);
        }
        b.writeBytes(values);
        return b.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(o)) {
            z.write(b);
        }
        return o.toByteArray();
    }

    /** A tiny Fashion-MNIST folder: n images of 4x4 pixels per part, gzipped like the real files. */
    static Path tinyFashion(Path d, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        for (String part : new String[] {"train", "t10k"}) {
            byte[] px = new byte[n * 16];
            byte[] lab = new byte[n];
            for (int i = 0; i < n; i++) {
                lab[i] = (byte) r.nextInt(10);
                for (int q = 0; q < 16; q++) {
                    px[i * 16 + q] = (byte) r.nextInt(256);
                }
            }
            Files.write(d.resolve(part + "-images-idx3-ubyte.gz"), gzip(idx(new int[] {n, 4, 4}, px)));
            Files.write(d.resolve(part + "-labels-idx1-ubyte.gz"), gzip(idx(new int[] {n}, lab)));
        }
        return d;
    }

    @Test
    void idxReadsGzipAndPlainAndRefusesTruncation() throws IOException {
        byte[] v = {1, 2, (byte) 255, 0, 7, 9};
        byte[] raw = idx(new int[] {2, 3}, v);
        Files.write(dir.resolve("a"), raw);
        Files.write(dir.resolve("a.gz"), gzip(raw));
        for (String f : new String[] {"a", "a.gz"}) {
            Idx.Data d = Idx.read(dir.resolve(f));
            assertArrayEquals(new int[] {2, 3}, d.dims());
            assertEquals(255, d.at(2));
        }
        for (int cut = 0; cut < raw.length; cut++) {
            byte[] b = Arrays.copyOf(raw, cut);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.parse(b, "x"));
            assertTrue(e.getMessage().startsWith("x: "), e.getMessage());
        }
        byte[] gz = gzip(raw);
        Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 5));
        assertThrows(IllegalArgumentException.class, () -> Idx.read(dir.resolve("cut.gz")));
    }

    @Test
    void fashionEncodingPoolingAndSplit() throws IOException {
        int[] px = {0, 1, 2, 255, 128, 64, 0, 0, 10, 20, 30, 40, 255, 255, 255, 255};
        double[][] enc = FashionMnist.encode(px, 20.0);
        assertEquals(0, enc[0].length, "p = 0 is silent");
        assertEquals(0, enc[1].length, "p = 1 is silent");
        assertArrayEquals(new double[] {20.0 * (1 - 2 / 255.0)}, enc[2], 1e-15);
        assertArrayEquals(new double[] {0.0}, enc[3], 0.0);
        assertArrayEquals(new int[] {(int) Math.round((0 + 1 + 128 + 64) / 4.0), (int) Math.round((2 + 255) / 4.0),
            (int) Math.round((10 + 20 + 255 + 255) / 4.0), (int) Math.round((30 + 40 + 255 + 255) / 4.0)},
                FashionMnist.pool(px, 4, 2));
        Path d = tinyFashion(Files.createDirectory(dir.resolve("fm")), 30, 1);
        FashionMnist.Split s = FashionMnist.load(d, 10, 1, 20.0, 0);
        assertEquals(20, s.train().size());
        assertEquals(10, s.validation().size());
        assertEquals(30, s.test().size());
        assertEquals(16, s.inputs());
        FashionMnist.Images raw = FashionMnist.read(d, "train");
        assertEquals(raw.labels()[25], s.validation().labels()[5], "validation = the last training images");
        assertEquals(4, FashionMnist.load(d, 10, 2, 20.0, 0).inputs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(dir.resolve("none"), 10, 1, 20, 0));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void spikesFormatRoundTrips() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        List<double[][]> in = new ArrayList<>();
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) {
            double[][] s = new double[4][];
            for (int j = 0; j < 4; j++) {
                int k = r.nextInt(3);
                s[j] = new double[k];
                for (int q = 0; q < k; q++) {
                    s[j][q] = 10 * r.nextDouble() + 10 * q;
                }
            }
            in.add(s);
            labels[i] = r.nextInt(3);
        }
        Dataset data = new Dataset(in, labels);
        SpikeData.write(dir, "train", data, 4);
        SpikeData.write(dir, "test", data, 4);
        SpikeData.Split back = SpikeData.load(dir);
        assertEquals(4, back.channels());
        assertEquals(0, back.validation().size(), "validation files are optional");
        for (int i = 0; i < 12; i++) {
            assertEquals(labels[i], back.train().labels()[i]);
            for (int j = 0; j < 4; j++) {
                assertArrayEquals(in.get(i)[j], back.train().inputs().get(i)[j], 0.0, "sample " + i + " ch " + j);
            }
        }
        // a negative time and a label that is not an integer are refused by name
        org.eventprop4j.core.io.Npy.write(dir.resolve("test_spikes.npy"), new long[] {1, 4}, new double[] {1, -2, 3,
            Double.NaN});
        org.eventprop4j.core.io.Npy.write(dir.resolve("test_labels.npy"), new long[] {1}, new double[] {0});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpikeData.load(dir)).getMessage()
                .contains("spike time -2.0"));
        org.eventprop4j.core.io.Npy.write(dir.resolve("test_spikes.npy"), new long[] {1, 4}, new double[] {1, 2, 3,
            Double.NaN});
        org.eventprop4j.core.io.Npy.write(dir.resolve("test_labels.npy"), new long[] {1}, new double[] {0.5});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpikeData.load(dir)).getMessage()
                .contains("not a class index"));
        org.eventprop4j.core.io.Npy.write(dir.resolve("test_spikes.npy"), new long[] {1, 3}, new double[] {1, 2, 3});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpikeData.load(dir)).getMessage()
                .contains("3 channels, the train part has 4"));
    }

    /** The real files (Debian's dataset-fashion-mnist), where installed. */
    @Test
    void realFashionMnistHasTheDocumentedSizes() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR),
                "Debian's dataset-fashion-mnist is not installed (" + FashionMnist.DEBIAN_DIR + ")");
        FashionMnist.Images t = FashionMnist.read(FashionMnist.DEBIAN_DIR, "t10k");
        assertEquals(10000, t.size());
        assertEquals(28, t.side());
        int[] counts = new int[10];
        for (int l : t.labels()) {
            counts[l]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
    }
}
