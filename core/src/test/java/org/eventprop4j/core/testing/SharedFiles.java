package org.eventprop4j.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Locates the read-only {@code shared/} folder that sits beside the repository (CI has it; a user's clone may not). */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The path of {@code shared/<relative>}, or skips the calling test saying why. */
    public static Path require(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path p = dir.resolve("../shared").resolve(relative).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        Assumptions.abort("skipped: ../shared/" + relative + " is not present beside this clone");
        return null;
    }
}
