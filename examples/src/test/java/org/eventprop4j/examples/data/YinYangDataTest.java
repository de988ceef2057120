package org.eventprop4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YinYangDataTest {

    /** The bundled copy in the repository's data/ folder (tests run in the module folder). */
    static Path publicationDir() {
        Path bundled = Path.of("..", "data", "yinyang-publication").toAbsolutePath().normalize();
        if (java.nio.file.Files.isRegularFile(bundled.resolve("train_samples.npy"))) {
            return bundled;
        }
        return SharedFiles.require("data/yinyang-publication/train_samples.npy").getParent();
    }

    /** The bundled copy is the workplace's shared one, byte for byte (where the shared one exists). */
    @Test
    void bundledSplitIsTheSharedOne() throws java.io.IOException {
        Path shared = SharedFiles.require("data/yinyang-publication/train_samples.npy").getParent();
        for (String f : new String[] {"train_samples.npy", "train_labels.npy", "validation_samples.npy",
            "validation_labels.npy", "test_samples.npy", "test_labels.npy", "LICENSE"}) {
            assertArrayEquals(java.nio.file.Files.readAllBytes(shared.resolve(f)),
                    java.nio.file.Files.readAllBytes(publicationDir().resolve(f)), f);
        }
    }

    static int[] counts(int[] labels) {
        int[] c = new int[3];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    @Test
    void publicationSplitHasTheDocumentedSizesAndClassCounts() {
        YinYang.Split s = YinYang.publication(publicationDir());
        assertEquals(5000, s.train().size());
        assertEquals(1000, s.validation().size());
        assertEquals(1000, s.test().size());
        assertArrayEquals(new int[] {1681, 1702, 1617}, counts(s.train().labels()));
        assertArrayEquals(new int[] {316, 336, 348}, counts(s.validation().labels()));
        assertArrayEquals(new int[] {350, 316, 334}, counts(s.test().labels()));
        // the labels follow the class rule of the generator, and points lie in the disk
        for (YinYang.Set set : new YinYang.Set[] {s.train(), s.validation(), s.test()}) {
            for (int i = 0; i < set.size(); i++) {
                double x = set.xy()[i][0];
                double y = set.xy()[i][1];
                assertEquals(YinYang.classOf(x, y), set.labels()[i], "sample " + i);
                assertTrue(Math.hypot(x - 0.5, y - 0.5) <= YinYang.R_BIG);
            }
        }
    }

    @Test
    void generatedSplitUsesDifferentSeedsAndIsReproducible() {
        YinYang.Split a = YinYang.generatedSplit();
        YinYang.Split b = YinYang.generatedSplit();
        assertEquals(5000, a.train().size());
        assertEquals(1000, a.validation().size());
        assertEquals(1000, a.test().size());
        assertTrue(Arrays.deepEquals(a.train().xy(), b.train().xy()));
        assertFalse(Arrays.equals(a.test().xy()[0], a.validation().xy()[0]));
        for (int c : counts(a.train().labels())) {
            assertTrue(c > 1500 && c < 1850, "class count " + c);
        }
    }

    @Test
    void encodingIsWunderlichPehle() {
        Dataset d = YinYang.toDataset(new YinYang.Set(new double[][] {{0.2, 0.7}}, new int[] {1}));
        double[][] in = d.inputs().get(0);
        assertEquals(5, in.length);
        assertArrayEquals(new double[] {6.0}, in[0], 1e-12);
        assertArrayEquals(new double[] {21.0}, in[1], 1e-12);
        assertArrayEquals(new double[] {24.0}, in[2], 1e-12);
        assertArrayEquals(new double[] {9.0}, in[3], 1e-12);
        assertArrayEquals(new double[] {0.0}, in[4], 0.0);
        assertEquals(1, d.labels()[0]);
    }

    @Test
    void missingPublicationFilesAreReported(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YinYang.publication(dir));
        assertTrue(e.getMessage().contains("train_samples.npy"), e.getMessage());
    }
}
