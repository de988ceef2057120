package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputJsonTest {

    @TempDir
    Path dir;

    static final ObjectMapper M = new ObjectMapper();

    static final String NET = """
            { "model": "lif", "in_size": 2, "max_solver_time": 30.0,
              "layers": [ { "weights": [[5.0, 2.0, 1.0], [1.0, 3.0, 0.5]],
                  "bias": [0, 0, 0], "tau_syn": [5, 5, 10], "tau_mem": [20, 20, 10], "thresh": [1, 1, 1] },
                { "weights": [[3, 0], [3, 0], [3, 0]], "bias": [0, 0], "tau_syn": [5, 5], "tau_mem": [20, 20],
                  "thresh": [1, 1] } ] }
            """;

    @Test
    void outJsonHasSpecShapeAndNullForSilentNeurons() throws IOException {
        FFEvNN net = NetJson.parse(NET, "net.json", 1);
        double[][] in = {{0.0, 1.0}, {2.0}};
        Trace tr = net.simulate(in);
        Path p = dir.resolve("out.json");
        OutJson.write(net, tr, p);
        JsonNode root = M.readTree(p.toFile());
        assertEquals(2, root.get("layers").size());
        for (int l = 0; l < 2; l++) {
            JsonNode per = root.get("layers").get(l).get("spikes");
            double[][] expected = tr.spikes(l).perSource(net.layers().get(l).size());
            assertEquals(expected.length, per.size());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i].length, per.get(i).size());
                for (int k = 0; k < expected[i].length; k++) {
                    assertEquals(expected[i][k], per.get(i).get(k).doubleValue(), 0.0);
                }
            }
        }
        JsonNode first = root.get("first_spike");
        assertEquals(2, first.size());
        assertTrue(first.get(0).isNumber());
        assertTrue(first.get(1).isNull(), "silent output neuron -> null");
        // no temporary files left behind
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void stateJsonShape() throws IOException {
        FFEvNN net = NetJson.parse(NET, "net.json", 1);
        double[] times = {0, 5, 10};
        double[][][] st = net.stateAt(new double[][] {{0.0}, {}}, times);
        Path p = dir.resolve("state.json");
        StateJson.write(times, st, p);
        JsonNode root = M.readTree(p.toFile());
        assertEquals(3, root.get("times").size());
        JsonNode s = root.get("state");
        assertEquals(2, s.size());
        assertEquals(3, s.get(0).size());
        assertEquals(2, s.get(0).get(0).size());
        assertEquals(st[0][2][0], s.get(0).get(2).get(0).doubleValue(), 0.0);
    }

    @Test
    void atomicWriteLeavesOldFileOnFailureAndNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("out.json");
        Files.writeString(p, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
            out.write("partial".getBytes());
            throw new IOException("boom");
        }));
        assertEquals("old", Files.readString(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        AtomicFiles.write(p, out -> out.write("new".getBytes()));
        assertEquals("new", Files.readString(p));
    }

    @Test
    void atomicWriteIntoMissingFolderFails() {
        Path p = dir.resolve("missing").resolve("out.json");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> out.write(1)));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(Files.notExists(p.getParent()));
    }

    @Test
    void modelsRegistry() {
        assertEquals("lif", Models.byName("lif").name());
        assertEquals("qif", Models.byName("QIF").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.byName("izh"));
        assertTrue(e.getMessage().contains("known models: lif, qif"), e.getMessage());
        assertTrue(Models.names().containsAll(java.util.List.of("lif", "qif")));
    }
}
