package org.eventprop4j.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates the read-only {@code shared/} folder that sits beside the repository (CI has it; a user's clone may not).
 * The repository root is the outermost folder, from the working directory up, that holds a {@code pom.xml}.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The repository root (the outermost ancestor of the working directory with a pom.xml). */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        Path root = dir;
        for (Path d = dir; d != null && Files.isRegularFile(d.resolve("pom.xml")); d = d.getParent()) {
            root = d;
        }
        return root;
    }

    /** The path of {@code shared/<relative>} beside the repository, or skips the calling test saying why. */
    public static Path require(String relative) {
        Path root = repositoryRoot();
        Path p = root.resolve("../shared").resolve(relative).normalize();
        if (!Files.exists(p)) {
            Assumptions.abort("skipped: ../shared/" + relative + " is not present beside this clone (" + root + ")");
        }
        return p;
    }
}
