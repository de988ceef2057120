package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradJsonTest {

    @TempDir
    Path dir;

    static final List<String> LIF = List.of("tau_syn", "tau_mem", "bias", "thresh");

    static List<String> fieldNames(JsonNode n) {
        List<String> k = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            k.add(it.next());
        }
        return k;
    }

    @Test
    void layoutKeyOrderAndRoundTrip() throws IOException {
        double awkward = 0.1 + 0.2;   // 0.30000000000000004: needs 17 significant digits
        GradJson.Layer l0 = new GradJson.Layer(new double[][] {{1, 2}, {3, awkward}, {-5e-300, 6}},
                new double[][] {{10, 11}, {20, 21}, {30, 31}, {40, 41}});
        Path p = dir.resolve("grad.json");
        GradJson.write(p, -1.0 / 3, LIF, List.of(l0));
        JsonNode root = new ObjectMapper().readTree(p.toFile());
        assertEquals(List.of("loss", "grad"), fieldNames(root));
        assertEquals(-1.0 / 3, root.get("loss").doubleValue(), 0.0);
        assertEquals(List.of("layers"), fieldNames(root.get("grad")));
        JsonNode g = root.get("grad").get("layers").get(0);
        assertEquals(List.of("weights", "bias", "tau_syn", "tau_mem", "thresh"), fieldNames(g));
        assertEquals(3, g.get("weights").size());
        assertEquals(awkward, g.get("weights").get(1).get(1).doubleValue(), 0.0);
        assertEquals(-5e-300, g.get("weights").get(2).get(0).doubleValue(), 0.0);
        assertEquals(30.0, g.get("bias").get(0).doubleValue(), 0.0);
        assertEquals(11.0, g.get("tau_syn").get(1).doubleValue(), 0.0);
        assertEquals(21.0, g.get("tau_mem").get(1).doubleValue(), 0.0);
        assertEquals(41.0, g.get("thresh").get(1).doubleValue(), 0.0);
        assertTrue(Files.readString(p).endsWith("\n"));
    }

    @Test
    void qifHasNoThresh() {
        JsonNode root = GradJson.toTree(2.0, List.of("tau_syn", "tau_mem", "bias"),
                List.of(new GradJson.Layer(new double[][] {{1}}, new double[][] {{1}, {2}, {3}})));
        assertEquals(List.of("weights", "bias", "tau_syn", "tau_mem"),
                fieldNames(root.get("grad").get("layers").get(0)));
    }

    @Test
    void nonFiniteIsAnErrorAndWritesNothing() throws IOException {
        Path p = dir.resolve("grad.json");
        GradJson.Layer nanW = new GradJson.Layer(new double[][] {{1, Double.NaN}},
                new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradJson.write(p, 1.0, LIF, List.of(nanW)));
        assertTrue(e.getMessage().contains("layer 0 weights[0][1] is NaN"), e.getMessage());
        GradJson.Layer infP = new GradJson.Layer(new double[][] {{1, 1}},
                new double[][] {{1, 1}, {1, Double.POSITIVE_INFINITY}, {1, 1}, {1, 1}});
        e = assertThrows(IllegalArgumentException.class, () -> GradJson.write(p, 1.0, LIF, List.of(infP)));
        assertTrue(e.getMessage().contains("layer 0 tau_mem[1] is Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradJson.write(p, Double.NaN, LIF, List.of()));
        GradJson.Layer wrong = new GradJson.Layer(new double[][] {{1}}, new double[][] {{1}});
        assertThrows(IllegalArgumentException.class, () -> GradJson.write(p, 1.0, LIF, List.of(wrong)));
        assertFalse(Files.exists(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}
