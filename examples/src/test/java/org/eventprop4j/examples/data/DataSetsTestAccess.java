package org.eventprop4j.examples.data;

import java.io.IOException;
import java.nio.file.Path;

/** Test fixtures of this package for tests elsewhere. */
public final class DataSetsTestAccess {
    private DataSetsTestAccess() {
    }

    /** A tiny Fashion-MNIST folder (4x4 images, n per part). */
    public static Path tinyFashion(Path d, int n, long seed) throws IOException {
        return DataSetsTest.tinyFashion(d, n, seed);
    }
}
