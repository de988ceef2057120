package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetJsonTest {

    @TempDir
    Path dir;

    static final String LIF_NET = """
            { "format": "evnn-net/1", "model": "lif", "in_size": 3, "max_solver_time": 30.0,
              "layers": [ { "size": 2,
                  "weights": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
                  "bias": [0.1, 0.2], "tau_syn": [5, 5], "tau_mem": [20, 20], "thresh": [1, 1] },
                { "size": 3, "weights": [[1, 2, 3], [4, 5, 6]],
                  "bias": [0, 0, 0], "tau_syn": [5, 5, 5], "tau_mem": [20, 20, 20], "thresh": [1, 1, 1] } ] }
            """;

    static FFEvNN parse(String json) {
        return NetJson.parse(json, "net.json", 1);
    }

    /** Random doubles with awkward bit patterns (subnormal, huge, many digits) must survive the round trip. */
    static double awkward(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextDouble() * 1e-300;
            case 1 -> Double.MIN_VALUE * (1 + r.nextInt(1000));
            case 2 -> (r.nextDouble() - 0.5) * 1e300;
            case 3 -> Math.nextUp(r.nextDouble());
            default -> -r.nextDouble() / 3;
        };
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        FFEvNN lif = FFEvNN.builder(new LIF()).layers(4, 3).inSize(2).maxSolverTime(12.5).seed(3).threads(1)
                .solverStepsize(0.0123).maxEventSteps(777).build();
        for (Layer l : lif.layers()) {
            for (int q = 0; q < l.weights().length; q++) {
                l.weights()[q] = awkward(r);
            }
            for (int i = 0; i < l.size(); i++) {
                l.params()[LIF.BIAS][i] = awkward(r);
                l.params()[LIF.TAU_MEM][i] = Math.abs(awkward(r)) + Double.MIN_VALUE;
                l.params()[LIF.TAU_SYN][i] = 1.0 / 3.0 + i;
                l.params()[LIF.THRESH][i] = 0.1 + 0.2;
            }
        }
        Path p = dir.resolve("net.json");
        NetJson.write(lif, p);
        FFEvNN back = NetJson.read(p, 1);
        assertEquals("lif", back.model().name());
        assertEquals(lif.inSize(), back.inSize());
        assertEquals(lif.options().maxSolverTime(), back.options().maxSolverTime());
        assertEquals(0.0123, back.options().solverStepsize());
        assertEquals(777, back.options().maxEventSteps());
        assertEquals(lif.layers().size(), back.layers().size());
        for (int l = 0; l < lif.layers().size(); l++) {
            Layer a = lif.layers().get(l);
            Layer b = back.layers().get(l);
            assertEquals(a.fanIn(), b.fanIn());
            assertEquals(a.size(), b.size());
            for (int q = 0; q < a.weights().length; q++) {
                assertEquals(Double.doubleToRawLongBits(a.weights()[q]), Double.doubleToRawLongBits(b.weights()[q]),
                        "weight " + q);
            }
            for (int k = 0; k < a.params().length; k++) {
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(a.params()[k][i]),
                            Double.doubleToRawLongBits(b.params()[k][i]), "param " + k + " neuron " + i);
                }
            }
            assertEquals(a, b);
        }
        // writing the read network gives the same text
        assertEquals(NetJson.toJson(lif), NetJson.toJson(back));
    }

    @Test
    void qifRoundTripHasNoThresh() throws IOException {
        FFEvNN qif = FFEvNN.builder(new QIF()).layers(3).inSize(1).maxSolverTime(30).seed(1).threads(1).build();
        Path p = dir.resolve("q.json");
        NetJson.write(qif, p);
        String text = Files.readString(p);
        assertFalse(text.contains("thresh"), text);
        assertTrue(text.contains("\"format\" : \"evnn-net/1\""), text);
        FFEvNN back = NetJson.read(p, 1);
        assertEquals("qif", back.model().name());
        assertEquals(qif.layers(), back.layers());
    }

    @Test
    void thresholdOnAQifNetIsAnUnknownKeyNamingTheModel() {
        String json = "{\"model\": \"qif\", \"in_size\": 1, \"max_solver_time\": 30, \"layers\": [{\"size\": 1, "
                + "\"weights\": [[1]], \"bias\": [0], \"tau_syn\": [5], \"tau_mem\": [20], \"thresh\": [1]}]}";
        InterchangeException e = assertThrows(InterchangeException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("layer 0: (model qif) unknown key \"thresh\"; known keys: model, size, "
                + "weights, tau_syn, tau_mem, bias"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void formatAndSizeAreOptional() {
        String json = LIF_NET.replace("\"format\": \"evnn-net/1\",", "").replace("\"size\": 2,", "");
        FFEvNN net = parse(json);
        assertEquals(2, net.layers().get(0).size());
    }

    @Test
    void optionalSimulationKeys() {
        FFEvNN net = parse(LIF_NET.replace("\"in_size\": 3,",
                "\"in_size\": 3, \"solver_stepsize\": 0.001, \"max_event_steps\": 2000,"));
        assertEquals(0.001, net.options().solverStepsize());
        assertEquals(2000, net.options().maxEventSteps());
    }

    @Test
    void modelNamesAreCaseInsensitiveAndWrittenInLowerCase() {
        FFEvNN net = parse(LIF_NET.replace("\"lif\"", "\"LIF\""));
        assertEquals("lif", net.model().name());
    }

    static Stream<Arguments> badNets() {
        return Stream.of(
                Arguments.of("malformed", "{ \"model\": \"lif\", ", "malformed JSON in net.json"),
                Arguments.of("trailing", LIF_NET + " x", "malformed JSON in net.json"),
                Arguments.of("empty", "", "malformed JSON in net.json: the file is empty"),
                Arguments.of("not an object", "[1, 2]", "expected a JSON object"),
                Arguments.of("bad format", LIF_NET.replace("evnn-net/1", "evnn-net/2"), "unsupported format"),
                Arguments.of("missing model", LIF_NET.replace("\"model\": \"lif\",", ""), "missing required key \"model\""),
                Arguments.of("unknown model", LIF_NET.replace("\"lif\"", "\"hh\""), "unknown model \"hh\"; known models: lif, qif"),
                Arguments.of("missing in_size", LIF_NET.replace("\"in_size\": 3,", ""), "missing required key \"in_size\""),
                Arguments.of("bad in_size", LIF_NET.replace("\"in_size\": 3,", "\"in_size\": 2.5,"), "in_size = 2.5 must be a positive integer"),
                Arguments.of("missing max_solver_time", LIF_NET.replace("\"max_solver_time\": 30.0,", ""),
                        "missing required key \"max_solver_time\""),
                Arguments.of("negative max_solver_time", LIF_NET.replace("30.0", "-1"), "max_solver_time = -1.0 must be"),
                Arguments.of("bad solver_stepsize", LIF_NET.replace("\"in_size\": 3,", "\"in_size\": 3, \"solver_stepsize\": 0,"),
                        "solver_stepsize = 0.0 must be"),
                Arguments.of("bad max_event_steps", LIF_NET.replace("\"in_size\": 3,", "\"in_size\": 3, \"max_event_steps\": -5,"),
                        "max_event_steps = -5 must be a positive integer"),
                Arguments.of("missing layers", "{\"model\": \"lif\", \"in_size\": 1, \"max_solver_time\": 1}",
                        "missing required key \"layers\""),
                Arguments.of("empty layers", "{\"model\": \"lif\", \"in_size\": 1, \"max_solver_time\": 1, \"layers\": []}",
                        "layers is empty"),
                Arguments.of("weights rows", LIF_NET.replace("[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]", "[[1.0, 2.0], [3.0, 4.0]]"),
                        "layer 0: weights has 2 rows, expected fan-in 3"),
                Arguments.of("weights columns", LIF_NET.replace("[[1, 2, 3], [4, 5, 6]]", "[[1, 2, 3], [4, 5]]"),
                        "layer 1: weights[1] has 2 columns, expected 3"),
                Arguments.of("layer 1 rows", LIF_NET.replace("[[1, 2, 3], [4, 5, 6]]", "[[1, 2, 3]]"),
                        "layer 1: weights has 1 rows, expected fan-in 2"),
                Arguments.of("NaN weight", LIF_NET.replace("[[1, 2, 3], [4, 5, 6]]", "[[1, 2, NaN], [4, 5, 6]]"),
                        "layer 1: weight[0][2] is NaN"),
                Arguments.of("infinite weight", LIF_NET.replace("[[1, 2, 3], [4, 5, 6]]", "[[1, 2, 3], [-Infinity, 5, 6]]"),
                        "layer 1: weight[1][0] is -Infinity"),
                Arguments.of("string weight", LIF_NET.replace("[[1, 2, 3], [4, 5, 6]]", "[[1, \"2\", 3], [4, 5, 6]]"),
                        "layer 1: weight[0][1] must be a number, got the string \"2\""),
                Arguments.of("null weight", LIF_NET.replace("[[1, 2, 3], [4, 5, 6]]", "[[1, null, 3], [4, 5, 6]]"),
                        "weight[0][1] must be a number, got null"),
                Arguments.of("missing weights", LIF_NET.replace("\"weights\": [[1, 2, 3], [4, 5, 6]],", ""),
                        "layer 1: missing required key \"weights\""),
                Arguments.of("missing thresh", LIF_NET.replace(", \"thresh\": [1, 1, 1]", ""),
                        "layer 1: (model lif) missing required key \"thresh\""),
                Arguments.of("typo in a top-level key", LIF_NET.replace("\"in_size\": 3,",
                                "\"in_size\": 3, \"solver_step_size\": 0.1,"),
                        "net.json: unknown key \"solver_step_size\" (did you mean \"solver_stepsize\"?)"),
                Arguments.of("unknown layer key", LIF_NET.replace("\"size\": 2,", "\"size\": 2, \"note\": \"x\","),
                        "layer 0: (model lif) unknown key \"note\""),
                Arguments.of("missing tau_mem", LIF_NET.replace("\"tau_mem\": [20, 20],", ""),
                        "layer 0: (model lif) missing required key \"tau_mem\""),
                Arguments.of("bias length", LIF_NET.replace("\"bias\": [0.1, 0.2]", "\"bias\": [0.1]"),
                        "layer 0: bias has 1 values, expected 2"),
                Arguments.of("size mismatch", LIF_NET.replace("\"size\": 2,", "\"size\": 3,"),
                        "layer 0: weights[0] has 2 columns, expected 3"),
                Arguments.of("negative tau_mem", LIF_NET.replace("\"tau_mem\": [20, 20, 20]", "\"tau_mem\": [20, 20, -1.0]"),
                        "layer 1 neuron 2: tau_mem = -1.0 must be > 0"),
                Arguments.of("zero tau_syn", LIF_NET.replace("\"tau_syn\": [5, 5],", "\"tau_syn\": [0, 5],"),
                        "layer 0 neuron 0: tau_syn = 0.0 must be > 0"),
                Arguments.of("zero thresh", LIF_NET.replace("\"thresh\": [1, 1]", "\"thresh\": [1, 0]"),
                        "layer 0 neuron 1: thresh = 0.0 must be > 0"),
                Arguments.of("NaN bias", LIF_NET.replace("\"bias\": [0.1, 0.2]", "\"bias\": [0.1, NaN]"),
                        "layer 0 neuron 1: bias = NaN must be finite"),
                Arguments.of("duplicate key", LIF_NET.replace("\"in_size\": 3,", "\"in_size\": 3, \"in_size\": 3,"),
                        "malformed JSON in net.json: Duplicate field 'in_size'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNets")
    void invalidNetsGiveOneLineMessagesNamingTheProblem(String name, String json, String expected) {
        InterchangeException e = assertThrows(InterchangeException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("net.json: ") || e.getMessage().startsWith("malformed JSON in net.json"),
                e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("[Source"), e.getMessage());
    }

    @Test
    void malformedFileNamesTheFileAndLine() throws IOException {
        Path p = dir.resolve("broken.json");
        Files.writeString(p, "{\n  \"model\": \"lif\",\n  \"in_size\": ,\n}", StandardCharsets.UTF_8);
        InterchangeException e = assertThrows(InterchangeException.class, () -> NetJson.read(p));
        assertTrue(e.getMessage().startsWith("malformed JSON in " + p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path p = dir.resolve("nope.json");
        InterchangeException e = assertThrows(InterchangeException.class, () -> NetJson.read(p));
        assertEquals("cannot read " + p + ": no such file", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void writeRefusesUnregisteredModel() {
        FFEvNN net = FFEvNN.builder(new LIF("not-registered", List.of("V", "I"), LIF.PARAMS) { }).layers(1).inSize(1)
                .maxSolverTime(1).threads(1).build();
        Path p = dir.resolve("f.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetJson.write(net, p));
        assertTrue(e.getMessage().contains("not-registered"), e.getMessage());
        assertFalse(Files.exists(p));
    }
}
