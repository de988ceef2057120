package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

/** The checked .npy reader: round trips, ND4J-written files, and every truncation or corruption is a clear error. */
class NpyTest {

    @TempDir
    Path dir;

    @Test
    void roundTripAndNd4jFiles() throws IOException {
        double[] v = {1.5, Double.NaN, -3, 1e300, 0};
        Path f = dir.resolve("a.npy");
        Npy.write(f, new long[] {5}, v);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new long[] {5}, a.shape());
        assertArrayEquals(v, a.data(), 0.0);
        double[] m = {1, 2, 3, 4, 5, 6};
        Npy.write(f, new long[] {2, 3}, m);
        assertArrayEquals(new long[] {2, 3}, Npy.read(f).shape());
        assertArrayEquals(m, Npy.read(f).data(), 0.0);
        // files written by ND4J (float64 and int32) read the same
        Path g = dir.resolve("nd4j.npy");
        Files.write(g, Nd4j.toNpyByteArray(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}})));
        assertArrayEquals(new double[] {1, 2, 3, 4}, Npy.read(g).data(), 0.0);
        Files.write(g, Nd4j.toNpyByteArray(Nd4j.createFromArray(new int[] {7, -2, 9})));
        assertArrayEquals(new double[] {7, -2, 9}, Npy.read(g).data(), 0.0);
    }

    /** Every truncation of a valid file, and every extension, is refused with a message naming the file. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void truncatedOrCorruptFilesAreClearErrors(long seed) throws IOException {
        System.out.println("NpyTest.truncatedOrCorruptFilesAreClearErrors seed " + seed);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[1 + rng.nextInt(40)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        Path f = dir.resolve("v.npy");
        Npy.write(f, new long[] {v.length}, v);
        byte[] ok = Files.readAllBytes(f);
        for (int cut = 0; cut < ok.length; cut++) {
            byte[] b = Arrays.copyOf(ok, cut);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.parse(b, "x.npy"),
                    "cut at " + cut);
            assertTrue(e.getMessage().startsWith("x.npy: "), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        }
        byte[] longer = Arrays.copyOf(ok, ok.length + 1 + rng.nextInt(16));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.parse(longer, "x.npy")).getMessage()
                .contains("too long"));
        for (int k = 0; k < 50; k++) {
            byte[] b = ok.clone();
            int at = rng.nextInt(Math.min(b.length, 80));       // corrupt the magic or header
            b[at] = (byte) rng.nextInt(256);
            try {
                Npy.Array a = Npy.parse(b, "x.npy");
                // a change that keeps the header valid (e.g. a space) must still give the right values
                assertArrayEquals(v, a.data(), 0.0, "byte " + at);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("x.npy: "), e.getMessage());
            }
        }
    }

    @Test
    void unsupportedLayoutsAreNamed() {
        String[][] cases = {
            {"{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype '<c16'"},
            {"{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", "Fortran-order"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", "bad shape"},
            {"{'descr': '<f8', 'shape': (1,), }", "malformed"},
        };
        for (String[] c : cases) {
            byte[] h = (c[0] + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] b = new byte[10 + h.length + 8];
            b[0] = (byte) 0x93;
            System.arraycopy("NUMPY".getBytes(), 0, b, 1, 5);
            b[6] = 1;
            b[8] = (byte) h.length;
            System.arraycopy(h, 0, b, 10, h.length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.parse(b, "y.npy"));
            assertTrue(e.getMessage().contains(c[1]), c[1] + " vs " + e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(Path.of("/nonexistent/z.npy")))
                .getMessage().contains("no such file"));
    }
}
