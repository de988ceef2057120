package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputJsonTest {

    @TempDir
    Path dir;

    double[][] read(String json, int inSize) throws IOException {
        Path p = dir.resolve("input.json");
        Files.writeString(p, json);
        return InputJson.read(p, inSize);
    }

    @Test
    void readsListsInAnyOrderAndEmptyLists() throws IOException {
        double[][] s = read("{\"spikes\": [[2.0, 0.5, 1e-3], [], [7]]}", 3);
        assertArrayEquals(new double[] {2.0, 0.5, 1e-3}, s[0]);
        assertEquals(0, s[1].length);
        assertArrayEquals(new double[] {7.0}, s[2]);
    }

    @Test
    void roundTrip() throws IOException {
        double[][] in = {{0.1 + 0.2, 1e-300}, {}, {Math.PI}};
        Path p = dir.resolve("in.json");
        InputJson.write(in, p);
        double[][] back = InputJson.read(p, 3);
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(in[j], back[j]);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"spikes\": [[0.0], [1.0], [2.0]]}  | input.json: expected 2 spike lists (in_size), got 3",
        "{\"spikes\": [[0.0, -1.0], [1.0]]}   | input.json: channel 0 has negative spike time -1.0",
        "{\"spikes\": [[0.0], [NaN]]}         | input.json: channel 1 spike 0 is NaN",
        "{\"spikes\": [[0.0], [null]]}        | input.json: channel 1 spike 0 must be a number, got null",
        "{\"spikes\": [[0.0], 3]}             | input.json: spikes[1] (channel 1) must be an array",
        "{}                                 | input.json: missing required key \"spikes\"",
        "{\"spike\": [[0.0], [1.0]]}          | input.json: unknown key \"spike\" (did you mean \"spikes\"?)",
        "{\"spikes\": [[0.0], [1.0]], \"x\": 1} | input.json: unknown key \"x\"; known keys: spikes",
        "[[0.0], [1.0]]                       | input.json: expected a JSON object at the top level",
        "{\"spikes\": [[0.0], [1.0]        | malformed JSON in input.json",
    })
    void invalidInputs(String json, String expected) {
        InterchangeException e = assertThrows(InterchangeException.class, () -> read(json, 2));
        String msg = e.getMessage().replace(dir.resolve("input.json").toString(), "input.json");
        assertTrue(msg.startsWith(expected.strip()) || msg.contains(expected.strip()),
                () -> "expected '" + expected + "' in: " + msg);
    }
}
