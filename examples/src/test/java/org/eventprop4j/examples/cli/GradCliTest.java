package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code evnn grad} and {@code evnn gradcheck}, run in-process. */
class GradCliTest {

    @TempDir
    Path dir;

    static final ObjectMapper M = new ObjectMapper();

    /** The example nets folder (Surefire runs in the module folder; an IDE may run in the repository root). */
    static final Path NETS = Files.isDirectory(Path.of("nets")) ? Path.of("nets") : Path.of("examples", "nets");

    /**
     * examples/nets/tiny-lif.json with stronger output weights: with tiny-input.json the committed net's two output
     * neurons are silent (so grad must refuse it), this one's both spike (16.41 and 15.57 ms).
     */
    static final String LIF = """
            { "format": "evnn-net/1", "model": "lif", "in_size": 2, "max_solver_time": 30.0,
              "layers": [
                { "size": 3,
                  "weights": [[1.5, 0.8, 2.5], [1.2, -0.4, 0.9]],
                  "bias": [0.0, 0.2, 0.0], "tau_syn": [5.0, 5.0, 5.0], "tau_mem": [20.0, 20.0, 20.0],
                  "thresh": [1.0, 1.0, 1.0] },
                { "size": 2,
                  "weights": [[4.0, 2.5], [1.0, 1.5], [3.5, 5.0]],
                  "bias": [0.0, 0.0], "tau_syn": [5.0, 5.0], "tau_mem": [20.0, 20.0],
                  "thresh": [1.0, 1.0] } ] }
            """;
    /** Three inputs, unequal taus and non-zero biases: every parameter matters. */
    static final String LIF_MIXED = """
            { "model": "lif", "in_size": 2, "max_solver_time": 40.0,
              "layers": [
                { "weights": [[2.5, 1.8], [1.9, 2.6]],
                  "bias": [0.3, -0.2], "tau_syn": [4.0, 6.0], "tau_mem": [15.0, 6.0], "thresh": [1.0, 0.8] },
                { "weights": [[3.0, 2.2, 1.0], [2.0, 3.1, 4.0]],
                  "bias": [0.1, 0.0, -0.1], "tau_syn": [5.0, 3.0, 5.0], "tau_mem": [10.0, 12.0, 5.0],
                  "thresh": [1.0, 1.2, 0.9] } ] }
            """;
    static final String INPUT = "{ \"spikes\": [[0.0, 4.0, 9.5], [1.0, 2.0]] }";
    static final String COEF = "[1.0, -0.5]";

    static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    /** A test case: net JSON text, input JSON text, coefficients. */
    record Case(String name, String net, String input, double[] coef) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        return Stream.of(
                new Case("tiny lif, spiking outputs", LIF, INPUT, new double[] {1.0, -0.5}),
                new Case("lif, mixed taus, 3 outputs", LIF_MIXED, "{\"spikes\": [[0.0, 3.0], [1.5, 6.0, 7.0]]}",
                        new double[] {0.7, -1.3, 2.0}),
                new Case("tiny qif (examples/nets)", Files.readString(NETS.resolve("tiny-qif.json")),
                        Files.readString(NETS.resolve("tiny-input.json")), new double[] {1.0, -0.5}));
    }

    static String coefJson(double[] c) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < c.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(c[k]);
        }
        return sb.append("]").toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // grad: format, loss, gradients vs finite differences

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradMatchesLossAndFiniteDifferences(Case c) throws IOException {
        Path net = file("net.json", c.net());
        Path in = file("input.json", c.input());
        Path coef = file("coef.json", coefJson(c.coef()));
        Path out = dir.resolve("grad.json");
        CliRun.Result r = run("grad", "--net", net.toString(), "--input", in.toString(), "--coef", coef.toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals("", r.out());
        JsonNode root = M.readTree(out.toFile());

        // keys and shapes
        ObjectNode netTree = (ObjectNode) M.readTree(c.net());
        boolean lif = netTree.get("model").asText().equals("lif");
        List<String> params = lif ? List.of("tau_syn", "tau_mem", "bias", "thresh")
                : List.of("tau_syn", "tau_mem", "bias");
        assertEquals(Set.of("loss", "grad"), keys(root));
        assertTrue(root.get("loss").isNumber());
        assertEquals(Set.of("layers"), keys(root.get("grad")));
        JsonNode layers = root.get("grad").get("layers");
        JsonNode netLayers = netTree.get("layers");
        assertEquals(netLayers.size(), layers.size());
        Set<String> expectedKeys = new TreeSet<>(params);
        expectedKeys.add("weights");
        for (int l = 0; l < layers.size(); l++) {
            JsonNode g = layers.get(l);
            assertEquals(expectedKeys, keys(g), "layer " + l);
            JsonNode w = netLayers.get(l).get("weights");
            assertEquals(w.size(), g.get("weights").size(), "fan-in of layer " + l);
            for (int j = 0; j < w.size(); j++) {
                assertEquals(w.get(j).size(), g.get("weights").get(j).size(), "size of layer " + l);
            }
            for (String p : params) {
                assertEquals(w.get(0).size(), g.get(p).size(), p + " of layer " + l);
            }
        }

        // loss = sum_k c[k] * first_spike[k] as written by simulate
        Path sim = dir.resolve("out.json");
        CliRun.Result s = run("simulate", "--net", net.toString(), "--input", in.toString(), "--out", sim.toString());
        assertEquals(0, s.code(), s.err());
        JsonNode first = M.readTree(sim.toFile()).get("first_spike");
        double expected = 0.0;
        for (int k = 0; k < c.coef().length; k++) {
            assertTrue(first.get(k).isNumber(), "output neuron " + k + " spikes");
            expected += c.coef()[k] * first.get(k).doubleValue();
        }
        assertEquals(expected, root.get("loss").doubleValue(), 1e-12 * Math.abs(expected));

        // every entry against a central finite difference of the loss (perturbing the net JSON)
        double[][] spikes = readSpikes(c.input());
        int compared = 0;
        int skipped = 0;
        for (int l = 0; l < netLayers.size(); l++) {
            ArrayNode w = (ArrayNode) netLayers.get(l).get("weights");
            for (int j = 0; j < w.size(); j++) {
                for (int i = 0; i < w.get(j).size(); i++) {
                    ArrayNode row = (ArrayNode) w.get(j);
                    double g = layers.get(l).get("weights").get(j).get(i).doubleValue();
                    int res = compare(netTree, row, i, spikes, c.coef(), g, "layer " + l + " weights[" + j + "]["
                            + i + "]");
                    compared += res;
                    skipped += 1 - res;
                }
            }
            for (String p : params) {
                ArrayNode arr = (ArrayNode) netLayers.get(l).get(p);
                for (int i = 0; i < arr.size(); i++) {
                    double g = layers.get(l).get(p).get(i).doubleValue();
                    int res = compare(netTree, arr, i, spikes, c.coef(), g, "layer " + l + " " + p + "[" + i + "]");
                    compared += res;
                    skipped += 1 - res;
                }
            }
        }
        assertTrue(compared >= 10 && skipped <= compared / 4, "compared " + compared + ", skipped " + skipped);
    }

    /**
     * Compares {@code g} with a Richardson-extrapolated central difference of the loss in {@code arr[i]}; returns 1
     * if compared, 0 if skipped because a perturbation changed a spike count.
     */
    static int compare(ObjectNode netTree, ArrayNode arr, int i, double[][] spikes, double[] coef, double g,
                       String what) {
        double theta = arr.get(i).doubleValue();
        double h = 1e-4 * Math.max(Math.abs(theta), 1.0);
        int[][] base = counts(simulate(netTree, spikes));
        double[] f = new double[4];
        double[] steps = {h, -h, h / 2, -h / 2};
        try {
            for (int s = 0; s < 4; s++) {
                arr.set(i, theta + steps[s]);
                Trace tr = simulate(netTree, spikes);
                if (!java.util.Arrays.deepEquals(base, counts(tr))) {
                    return 0;
                }
                double[] first = tr.output().firstTimes(coef.length, Double.NaN);
                double l = 0;
                for (int k = 0; k < coef.length; k++) {
                    l += coef[k] * first[k];
                }
                f[s] = l;
            }
        } finally {
            arr.set(i, theta);
        }
        double d1 = (f[0] - f[1]) / (2 * h);
        double d2 = (f[2] - f[3]) / h;
        double fd = (4 * d2 - d1) / 3;
        double tol = 1e-5 * Math.max(Math.abs(g), Math.abs(fd)) + 1e-9;
        assertEquals(fd, g, tol, what + ": eventprop " + g + " vs finite difference " + fd);
        return 1;
    }

    static Trace simulate(ObjectNode netTree, double[][] spikes) {
        FFEvNN net = NetJson.parse(netTree.toString(), "net.json", 1);
        return net.simulate(spikes);
    }

    static int[][] counts(Trace tr) {
        int[][] c = new int[tr.layers().size()][];
        for (int l = 0; l < c.length; l++) {
            int max = 0;
            for (int s : tr.spikes(l).sources()) {
                max = Math.max(max, s + 1);
            }
            c[l] = new int[max];
            for (int s : tr.spikes(l).sources()) {
                c[l][s]++;
            }
        }
        return c;
    }

    static double[][] readSpikes(String inputJson) throws IOException {
        JsonNode sp = M.readTree(inputJson).get("spikes");
        double[][] s = new double[sp.size()][];
        for (int j = 0; j < s.length; j++) {
            s[j] = new double[sp.get(j).size()];
            for (int k = 0; k < s[j].length; k++) {
                s[j][k] = sp.get(j).get(k).doubleValue();
            }
        }
        return s;
    }

    static Set<String> keys(JsonNode n) {
        Set<String> k = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            k.add(it.next());
        }
        return k;
    }

    @Test
    void coefObjectFormGivesTheSameFile() throws IOException {
        Path net = file("net.json", LIF);
        Path in = file("input.json", INPUT);
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(0, run("grad", "--net", net.toString(), "--input", in.toString(), "--coef",
                file("c1.json", COEF).toString(), "--out", a.toString()).code());
        CliRun.Result r = run("grad", "--net", net.toString(), "--input", in.toString(), "--coef",
                file("c2.json", "{\"coef\": [1.0, -0.5]}").toString(), "--out", b.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void writesRoundTripDoublesAndSpecKeyOrder() throws IOException {
        Path out = dir.resolve("grad.json");
        CliRun.Result r = run("grad", "--net", file("net.json", LIF).toString(), "--input", file("in.json", INPUT).toString(),
                "--coef", file("coef.json", COEF).toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(out);
        assertTrue(text.indexOf("\"weights\"") < text.indexOf("\"bias\"")
                && text.indexOf("\"bias\"") < text.indexOf("\"tau_syn\"")
                && text.indexOf("\"tau_syn\"") < text.indexOf("\"tau_mem\"")
                && text.indexOf("\"tau_mem\"") < text.indexOf("\"thresh\""), text);
        // the loss is sum c_k t_k of the in-process simulation, bit for bit
        Trace tr = NetJson.parse(LIF, "net", 1).simulate(readSpikes(INPUT));
        double[] first = tr.output().firstTimes(2, Double.NaN);
        assertEquals(1.0 * first[0] + -0.5 * first[1], M.readTree(text).get("loss").doubleValue(), 0.0);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(4, s.count(), "no temporary files left");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the committed example of the README

    @Test
    void committedTinyLifExample() throws IOException {
        Path net = NETS.resolve("tiny-lif.json");
        Path in = NETS.resolve("tiny-input.json");
        Path coef = NETS.resolve("tiny-coef.json");
        assertArrayEquals(new double[] {1.0, -0.5}, readCoef(coef), 0.0);
        Path out = dir.resolve("grad.json");
        Trace tr = NetJson.read(net, 1).simulate(readSpikes(Files.readString(in)));
        double[] first = tr.output().firstTimes(2, Double.NaN);
        CliRun.Result r = run("grad", "--net", net.toString(), "--input", in.toString(), "--coef", coef.toString(), "--out",
                out.toString());
        assertFalse(Double.isNaN(first[0]) || Double.isNaN(first[1]), "both outputs of the example must spike");
        assertEquals(0, r.code(), r.err());
        assertEquals(first[0] - 0.5 * first[1], M.readTree(out.toFile()).get("loss").doubleValue(), 0.0);
    }

    static double[] readCoef(Path p) throws IOException {
        JsonNode n = M.readTree(p.toFile());
        double[] c = new double[n.size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = n.get(k).doubleValue();
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // errors

    /** LIF with output neuron 1 silent (no input weight, no bias). */
    static final String LIF_SILENT_1 = LIF.replace("[[4.0, 2.5], [1.0, 1.5], [3.5, 5.0]]",
            "[[4.0, 0.0], [1.0, 0.0], [3.5, 0.0]]");

    static Stream<Arguments> badGradInputs() {
        return Stream.of(
                Arguments.of("coef too short", LIF, INPUT, "[1.0]", "expected 2 coefficients"),
                Arguments.of("coef too long", LIF, INPUT, "{\"coef\": [1.0, 2.0, 3.0]}", "expected 2 coefficients"),
                Arguments.of("coef NaN", LIF, INPUT, "[1.0, NaN]", "coef[1] is NaN"),
                Arguments.of("coef malformed", LIF, INPUT, "[1.0, ", "malformed JSON"),
                Arguments.of("coef not numbers", LIF, INPUT, "{\"coef\": [1, \"a\"]}", "coef[1] must be a number"),
                Arguments.of("silent output with zero coefficient", LIF_SILENT_1, INPUT, "[1.0, 0.0]",
                        "output neuron 1 is silent"),
                Arguments.of("silent output with non-zero coefficient", LIF_SILENT_1, INPUT, "[1.0, 2.0]",
                        "output neuron 1 is silent"),
                Arguments.of("all outputs silent", LIF, "{\"spikes\": [[], []]}", COEF,
                        "output neurons 0, 1 are silent"),
                Arguments.of("malformed net", LIF.substring(0, 50), INPUT, COEF, "malformed JSON"),
                Arguments.of("malformed input", LIF, "{\"spikes\": [[0.0]", COEF, "malformed JSON"),
                Arguments.of("wrong number of input lists", LIF, "{\"spikes\": [[0.0]]}", COEF,
                        "expected 2 spike lists"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badGradInputs")
    void badInputFailsWithOneLineAndNoOutput(String name, String netJson, String inputJson, String coefJson,
                                             String expected) throws IOException {
        Path net = file("net.json", netJson);
        Path in = file("input.json", inputJson);
        Path coef = file("coef.json", coefJson);
        for (String cmd : List.of("grad", "gradcheck")) {
            Path out = dir.resolve("grad.json");
            List<String> args = new ArrayList<>(List.of(cmd, "--net", net.toString(), "--input", in.toString(),
                    "--coef", coef.toString()));
            if (cmd.equals("grad")) {
                args.addAll(List.of("--out", out.toString()));
            }
            CliRun.Result r = run(args.toArray(String[]::new));
            assertEquals(1, r.code(), cmd + ": " + r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), cmd + " stderr: " + r.err());
            assertTrue(lines.get(0).startsWith("evnn: error: "), lines.get(0));
            assertTrue(lines.get(0).contains(expected), () -> cmd + ": expected '" + expected + "' in " + lines);
            assertEquals("", r.out());
            assertFalse(Files.exists(out), cmd + " wrote " + out);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(3, s.count(), "only the three inputs, no temporary files");
        }
    }

    @Test
    void missingCoefFileAndUsageErrors() throws IOException {
        Path net = file("net.json", LIF);
        Path in = file("input.json", INPUT);
        Path out = dir.resolve("grad.json");
        CliRun.Result r = run("grad", "--net", net.toString(), "--input", in.toString(), "--coef",
                dir.resolve("none.json").toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("evnn: error: cannot read ") && r.err().contains("no such file"), r.err());
        assertFalse(Files.exists(out));

        CliRun.Result u = run("grad", "--net", net.toString(), "--input", in.toString(), "--out", out.toString());
        assertEquals(2, u.code());
        assertTrue(u.err().contains("--coef"), u.err());
        CliRun.Result t = run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                file("c.json", COEF).toString(), "--tol", "-1");
        assertEquals(2, t.code(), t.err());
        assertEquals(1, t.err().lines().count(), t.err());
        CliRun.Result h = run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                dir.resolve("c.json").toString(), "--rel-step", "0.5");
        assertEquals(2, h.code(), h.err());
        assertTrue(h.err().contains("--rel-step"), h.err());
        assertFalse(Files.exists(out));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // gradcheck

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheckPassesAndPrintsEveryGroup(Case c) throws IOException {
        Path net = file("net.json", c.net());
        Path in = file("input.json", c.input());
        Path coef = file("coef.json", coefJson(c.coef()));
        CliRun.Result r = run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef", coef.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        boolean lif = c.net().contains("\"lif\"");
        int nLayers = M.readTree(c.net()).get("layers").size();
        for (int l = 0; l < nLayers; l++) {
            for (String g : lif ? List.of("weights", "tau_syn", "tau_mem", "bias", "thresh")
                    : List.of("weights", "tau_syn", "tau_mem", "bias")) {
                assertTrue(r.out().contains("layer " + l + " " + g), "group layer " + l + " " + g + " in\n" + r.out());
            }
        }
        assertTrue(r.out().contains("loss: "), r.out());
        assertTrue(r.out().contains("worst relative error"), r.out());
        // the printed loss is the grad command's loss
        Path out = dir.resolve("grad.json");
        assertEquals(0, run("grad", "--net", net.toString(), "--input", in.toString(), "--coef", coef.toString(),
                "--out", out.toString()).code());
        String lossLine = r.out().lines().filter(s -> s.startsWith("loss: ")).findFirst().orElseThrow();
        assertEquals(M.readTree(out.toFile()).get("loss").doubleValue(),
                Double.parseDouble(lossLine.substring("loss: ".length())), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e-30", "0"})
    void gradcheckFailsWithTinyTolerance(String tol) throws IOException {
        Path net = file("net.json", LIF);
        Path in = file("input.json", INPUT);
        Path coef = file("coef.json", COEF);
        CliRun.Result r = run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef", coef.toString(),
                "--tol", tol, "--rel-step", "1e-4");
        assertEquals(3, r.code(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("evnn: error: gradient check failed: layer "), lines.get(0));
        assertTrue(lines.get(0).contains("relative error"), lines.get(0));
        assertTrue(r.out().contains("layer 1 thresh"), r.out());
    }

    @Test
    void helpMentionsUnitsAndFormat() {
        CliRun.Result g = run("grad", "--help");
        assertEquals(0, g.code());
        assertTrue(g.out().contains("ms") && g.out().contains("thresh"), g.out());
        CliRun.Result c = run("gradcheck", "--help");
        assertEquals(0, c.code());
        assertTrue(c.out().contains("--tol") && c.out().contains("--rel-step"), c.out());
    }
}
