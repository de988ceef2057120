package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvnnCliTest {

    @TempDir
    Path dir;

    static final ObjectMapper M = new ObjectMapper();

    static final String NET = """
            { "format": "evnn-net/1", "model": "lif", "in_size": 2, "max_solver_time": 30.0,
              "layers": [ { "size": 3, "weights": [[5.0, 2.0, 1.0], [1.0, 3.0, 0.5]],
                  "bias": [0, 0, 0], "tau_syn": [5, 5, 10], "tau_mem": [20, 20, 10], "thresh": [1, 1, 1] },
                { "size": 2, "weights": [[3, 0], [3, 0], [3, 0]], "bias": [0, 0], "tau_syn": [5, 5],
                  "tau_mem": [20, 20], "thresh": [1, 1] } ] }
            """;
    static final String INPUT = "{\"spikes\": [[0.0, 1.0], [2.0]]}";

    static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void simulateMatchesFFEvNN() throws IOException {
        Path net = file("net.json", NET);
        Path in = file("input.json", INPUT);
        Path out = dir.resolve("out.json");
        CliRun.Result r = run("simulate", "--net", net.toString(), "--input", in.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());

        FFEvNN direct = NetJson.read(net, 1);
        Trace tr = direct.simulate(new double[][] {{0.0, 1.0}, {2.0}});
        JsonNode root = M.readTree(out.toFile());
        assertEquals(2, root.get("layers").size());
        for (int l = 0; l < 2; l++) {
            double[][] exp = tr.spikes(l).perSource(direct.layers().get(l).size());
            JsonNode per = root.get("layers").get(l).get("spikes");
            assertEquals(exp.length, per.size());
            for (int i = 0; i < exp.length; i++) {
                double[] got = new double[per.get(i).size()];
                for (int k = 0; k < got.length; k++) {
                    got[k] = per.get(i).get(k).doubleValue();
                }
                assertArrayEquals(exp[i], got, 0.0, "layer " + l + " neuron " + i);
            }
        }
        double[] first = tr.output().firstTimes(2, Double.POSITIVE_INFINITY);
        JsonNode fs = root.get("first_spike");
        assertEquals(2, fs.size());
        for (int i = 0; i < 2; i++) {
            if (Double.isInfinite(first[i])) {
                assertTrue(fs.get(i).isNull());
            } else {
                assertEquals(first[i], fs.get(i).doubleValue(), 0.0);
            }
        }
        assertTrue(fs.get(0).isNumber(), "this network's first output neuron spikes");
        assertTrue(fs.get(1).isNull(), "the second output neuron is silent");
    }

    @Test
    void stateShapeAndTimes() throws IOException {
        Path net = file("net.json", NET);
        Path in = file("input.json", INPUT);
        Path out = dir.resolve("state.json");
        CliRun.Result r = run("state", "--net", net.toString(), "--input", in.toString(), "--times", "0:10:7", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = M.readTree(out.toFile());
        double[] times = new double[7];
        for (int i = 0; i < 7; i++) {
            times[i] = root.get("times").get(i).doubleValue();
            assertEquals(i * 10.0 / 6, times[i], 0.0);
        }
        assertEquals(0.0, times[0]);
        assertEquals(10.0, times[6]);
        JsonNode s = root.get("state");
        assertEquals(2, s.size(), "neurons of the last layer");
        double[][][] direct = NetJson.read(net, 1).stateAt(new double[][] {{0.0, 1.0}, {2.0}}, times);
        for (int i = 0; i < 2; i++) {
            assertEquals(7, s.get(i).size(), "times");
            for (int q = 0; q < 7; q++) {
                assertEquals(2, s.get(i).get(q).size(), "channels");
                for (int c = 0; c < 2; c++) {
                    assertEquals(direct[i][q][c], s.get(i).get(q).get(c).doubleValue(), 0.0);
                }
            }
        }
    }

    @Test
    void stateOfAnyLayer() throws IOException {
        Path net = file("net.json", NET);
        Path in = file("input.json", INPUT);
        Path out = dir.resolve("state0.json");
        FFEvNN n = NetJson.read(net, 1);
        CliRun.Result r = run("state", "--net", net.toString(), "--input", in.toString(), "--times", "0:10:3",
                "--layer", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = M.readTree(out.toFile()).get("state");
        assertEquals(n.layers().get(0).size(), s.size(), "neurons of layer 0");
        double[][][] direct = n.stateAt(new double[][] {{0.0, 1.0}, {2.0}}, new double[] {0, 5, 10}, 0);
        for (int i = 0; i < s.size(); i++) {
            for (int q = 0; q < 3; q++) {
                assertEquals(direct[i][q][0], s.get(i).get(q).get(0).doubleValue(), 0.0);
            }
        }
        r = run("state", "--net", net.toString(), "--input", in.toString(), "--times", "0:10:3", "--layer", "7",
                "--out", dir.resolve("bad.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--layer 7"), r.err());
        assertFalse(Files.exists(dir.resolve("bad.json")));
    }

    @Test
    void timeGrid() {
        assertArrayEquals(new double[] {2.5}, new StateCommand.TimeGrid(2.5, 9, 1).values());
        double[] t = new StateCommand.TimeGrid(0, 0.3, 4).values();
        assertEquals(0.3, t[3], 0.0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0 + i * (0.3 - 0) / 3, t[i], 0.0);
        }
        assertArrayEquals(new double[] {-1, 0, 1}, new StateCommand.TimeGrid(-1, 1, 3).values(), 0.0);
        CliRun.Result r = run("state", "--net", "n.json", "--input", "i.json", "--times", "0:1:0", "--out", "o.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("NUM must be in [1, 1000000]"), r.err());
    }

    @Test
    void tutorialWritesFifteenPngs() throws IOException {
        Path outDir = dir.resolve("tut");
        CliRun.Result r = run("tutorial", "--out", outDir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> printed = r.out().lines().toList();
        assertEquals(15, printed.size(), r.out());
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (String model : List.of("lif", "qif", "funky")) {
            for (int i = 0; i < 5; i++) {
                Path png = outDir.resolve(model + "_neuron_" + i + ".png");
                assertTrue(printed.contains(png.toString()), png + " not printed");
                byte[] bytes = Files.readAllBytes(png);
                assertTrue(bytes.length > 1000, png + " is too small");
                assertArrayEquals(magic, Arrays.copyOf(bytes, 8), png + " is not a PNG");
            }
        }
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(15, s.count(), "no temporary files left");
        }
    }

    static Stream<Arguments> badInputs() {
        String capNet = """
                { "model": "lif", "in_size": 1, "max_solver_time": 1000,
                  "layers": [ { "weights": [[1.0]], "bias": [1e6], "tau_syn": [5], "tau_mem": [20], "thresh": [1] } ] }
                """;
        return Stream.of(
                Arguments.of("malformed JSON", NET.substring(0, 40), INPUT, "malformed JSON"),
                Arguments.of("wrong weight shape", NET.replace("[[5.0, 2.0, 1.0], [1.0, 3.0, 0.5]]",
                        "[[5.0, 2.0, 1.0]]"), INPUT, "weights has 1 rows, expected fan-in 2"),
                Arguments.of("NaN weight", NET.replace("[[5.0, 2.0, 1.0]", "[[NaN, 2.0, 1.0]"), INPUT,
                        "weight[0][0] is NaN"),
                Arguments.of("tau <= 0", NET.replace("\"tau_mem\": [20, 20, 10]", "\"tau_mem\": [20, 20, 0]"), INPUT,
                        "tau_mem = 0.0 must be > 0"),
                Arguments.of("negative tau_syn", NET.replace("\"tau_syn\": [5, 5, 10]", "\"tau_syn\": [-5, 5, 10]"),
                        INPUT, "tau_syn = -5.0 must be > 0"),
                Arguments.of("LIF thresh <= 0", NET.replace("\"thresh\": [1, 1, 1]", "\"thresh\": [1, -1, 1]"), INPUT,
                        "thresh = -1.0 must be > 0"),
                Arguments.of("negative spike time", NET, "{\"spikes\": [[0.0, -1.0], [2.0]]}",
                        "negative spike time -1.0"),
                Arguments.of("NaN spike time", NET, "{\"spikes\": [[0.0, NaN], [2.0]]}", "is NaN"),
                Arguments.of("wrong number of input lists", NET, "{\"spikes\": [[0.0]]}",
                        "expected 2 spike lists (in_size), got 1"),
                Arguments.of("unknown model", NET.replace("\"lif\"", "\"hodgkin\""), INPUT,
                        "unknown model \"hodgkin\"; known models: lif, qif"),
                Arguments.of("event cap exceeded", capNet, "{\"spikes\": [[]]}", "event cap exceeded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputFailsWithOneLineAndNoOutput(String name, String netJson, String inputJson, String expected)
            throws IOException {
        Path net = file("net.json", netJson);
        Path in = file("input.json", inputJson);
        for (String cmd : List.of("simulate", "state")) {
            Path out = dir.resolve(cmd + "-out.json");
            CliRun.Result r = cmd.equals("simulate")
                    ? run("simulate", "--net", net.toString(), "--input", in.toString(), "--out", out.toString())
                    : run("state", "--net", net.toString(), "--input", in.toString(), "--times", "0:5:3", "--out",
                            out.toString());
            assertNotEquals(0, r.code(), cmd + ": " + r.err());
            assertEquals(1, r.code(), cmd + ": " + r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), cmd + " stderr: " + r.err());
            assertTrue(lines.get(0).startsWith("evnn: error: "), lines.get(0));
            assertTrue(lines.get(0).contains(expected), () -> cmd + ": expected '" + expected + "' in " + lines);
            assertFalse(Files.exists(out), cmd + " wrote " + out);
            assertEquals("", r.out());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "only net.json and input.json, no temporary files");
        }
    }

    @Test
    void unwritableOutputIsAnErrorWithoutPartialFile() throws IOException {
        Path net = file("net.json", NET);
        Path in = file("input.json", INPUT);
        Path out = dir.resolve("no-such-dir").resolve("out.json");
        CliRun.Result r = run("simulate", "--net", net.toString(), "--input", in.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cannot write"), r.err());
    }

    @Test
    void missingFileAndUsageErrors() {
        CliRun.Result r = run("simulate", "--net", dir.resolve("none.json").toString(), "--input", "x", "--out",
                dir.resolve("o.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("evnn: error: cannot read "), r.err());
        assertTrue(r.err().contains("no such file"), r.err());

        CliRun.Result u = run("simulate", "--net", "n.json");
        assertEquals(2, u.code());
        assertEquals(1, u.err().lines().count(), u.err());
        assertTrue(u.err().contains("Missing required option"), u.err());

        CliRun.Result none = run();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("Usage: evnn"), none.err());
    }

    @Test
    void helpMentionsUnits() {
        for (String sub : List.of("simulate", "state", "tutorial")) {
            CliRun.Result r = run(sub, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("ms"), sub + " help: " + r.out());
        }
        assertEquals(0, run("--help").code());
        assertTrue(run("state", "--help").out().contains("START:STOP:NUM"));
    }

    /** ND4J's INFO logging is off by default; --verbose on any subcommand turns it on (before ND4J loads). */
    @Test
    void verboseTurnsLibraryLoggingOn() {
        String key = "org.slf4j.simpleLogger.log.org.nd4j";
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            Evnn.commandLine().parseArgs("simulate", "--net", "n.json", "--input", "i.json", "--out", "o.json");
            assertEquals(null, System.getProperty(key), "quiet without --verbose");
            Evnn.commandLine().parseArgs("simulate", "--verbose", "--net", "n.json", "--input", "i.json", "--out",
                    "o.json");
            assertEquals("info", System.getProperty(key));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
