package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoefJsonTest {

    @TempDir
    Path dir;

    double[] read(String json, int n) throws IOException {
        Path p = dir.resolve("coef.json");
        Files.writeString(p, json);
        return CoefJson.read(p, n);
    }

    @Test
    void arrayAndObjectForms() throws IOException {
        assertArrayEquals(new double[] {1, -0.5, 0}, read("[1, -0.5, 0]", 3));
        assertArrayEquals(new double[] {1, 2}, read("{\"coef\": [1, 2]}", 2));
        assertArrayEquals(new double[] {1, 2, 3, 4}, read("[1, 2, 3, 4]", -1));
    }

    @Test
    void errors() {
        assertMessage("[1, 2]", 3, "expected 3 coefficients");
        assertMessage("[1, NaN]", 2, "coef[1] is NaN");
        assertMessage("{}", 1, "missing required key \"coef\"");
        assertMessage("{\"c\": [1]}", 1, "unknown key \"c\" (did you mean \"coef\"?)");
        assertMessage("\"x\"", 1, "expected an array of coefficients");
        assertMessage("[1, \"a\"]", 2, "coef[1] must be a number");
    }

    private void assertMessage(String json, int n, String expected) {
        InterchangeException e = assertThrows(InterchangeException.class, () -> read(json, n));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
