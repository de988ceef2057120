package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests for unbounded work or meaningless checks end at once with one line on stderr and a non-zero exit, before
 * any heavy work and without an output file: huge time grids, thread counts and layer sizes; a gradient check of a
 * huge network, with a vanishing step, of an infinite loss, or of gradients that are all zero.
 */
class WorkLimitCliTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static void assertRefused(CliRun.Result r, String expected) {
        CliRun.assertRefused(r, expected);
    }

    @ParameterizedTest(name = "--times 0:30:{0}")
    @ValueSource(ints = {1_000_001, 20_000_000, Integer.MAX_VALUE})
    void hugeTimeGridsAreRefused(int num) throws IOException {
        Path net = file("net.json", EvnnCliTest.NET);
        Path in = file("input.json", EvnnCliTest.INPUT);
        Path out = dir.resolve("state.json");
        long t0 = System.nanoTime();
        assertRefused(CliRun.run("state", "--net", net.toString(), "--input", in.toString(), "--times", "0:30:" + num,
                "--out", out.toString()), "NUM must be in [1, 1000000]");
        assertTrue(System.nanoTime() - t0 < 5e9, "refused at once");
        assertFalse(Files.exists(out));
    }

    @Test
    void aStateLargerThanOneCallWritesIsRefused() throws IOException {
        // 3000 neurons x 1,000,000 times x 2 channels
        StringBuilder w = new StringBuilder("[");
        for (int j = 0; j < 2; j++) {
            w.append(j == 0 ? "" : ",").append('[');
            for (int i = 0; i < 3000; i++) {
                w.append(i == 0 ? "" : ",").append("0.5");
            }
            w.append(']');
        }
        w.append(']');
        String ones = "[" + "1,".repeat(2999) + "1]";
        Path net = file("big.json", "{\"model\": \"lif\", \"in_size\": 2, \"max_solver_time\": 30, \"layers\": [{"
                + "\"weights\": " + w + ", \"bias\": " + ones.replace('1', '0') + ", \"tau_syn\": " + ones
                + ", \"tau_mem\": " + ones + ", \"thresh\": " + ones + "}]}");
        Path in = file("input.json", EvnnCliTest.INPUT);
        Path out = dir.resolve("state.json");
        assertRefused(CliRun.run("state", "--net", net.toString(), "--input", in.toString(), "--times",
                "0:30:1000000", "--out", out.toString()), "values, more than the 10000000 one call writes");
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(ints = {257, 100_000, -1})
    void absurdThreadCountsAreRefused(int threads) {
        assertRefused(CliRun.run("train", "--data", "generated", "--limit", "10", "--epochs", "1", "--threads",
                Integer.toString(threads), "--out", dir.resolve("t").toString()), "threads must be in [0, 256]");
    }

    @ParameterizedTest(name = "--hidden {0}")
    @ValueSource(ints = {100_001, 200_000_000, 0})
    void absurdLayerSizesAreRefused(int hidden) {
        assertRefused(CliRun.run("train", "--data", "generated", "--limit", "10", "--epochs", "1", "--hidden",
                Integer.toString(hidden), "--out", dir.resolve("h").toString()), "--hidden must be in [1, 100000]");
    }

    @Test
    void gradcheckRefusesWhatItCannotCheckHonestly() throws IOException {
        Path nets = Path.of("..", "examples", "nets").toAbsolutePath().normalize();
        Path net = nets.resolve("tiny-lif.json");
        Path in = nets.resolve("tiny-input.json");
        Path coef = nets.resolve("tiny-coef.json");
        for (String step : new String[] {"1e-300", "1e-11", "0"}) {
            assertRefused(CliRun.run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                    coef.toString(), "--rel-step", step), "--rel-step must be in [1.0E-10, 0.1)");
        }
        Path zero = file("zero.json", "[0, 0]");
        CliRun.Result z = CliRun.run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                zero.toString());
        assertEquals(GradCheckCommand.EXIT_CHECK_FAILED, z.code(), z.err());
        assertTrue(z.err().contains("every compared gradient is zero"), z.err());
        Path inf = file("inf.json", "[1e308, 1e308]");
        assertRefused(CliRun.run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                inf.toString()), "the loss is Infinity");
        // a sane check still passes
        assertEquals(0, CliRun.run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                coef.toString()).code());
    }

    @Test
    void gradcheckOfAHugeNetworkIsRefusedBeforeAnyWork() throws IOException {
        // 400 x 300 weights + 4 x 300 parameters > 100,000 entries; random weights, seeded
        SplittableRandom rng = new SplittableRandom(11);
        StringBuilder w = new StringBuilder("[");
        for (int j = 0; j < 400; j++) {
            w.append(j == 0 ? "" : ",").append('[');
            for (int i = 0; i < 300; i++) {
                w.append(i == 0 ? "" : ",").append(rng.nextDouble());
            }
            w.append(']');
        }
        w.append(']');
        String ones = "[" + "1,".repeat(299) + "1]";
        Path net = file("big.json", "{\"model\": \"lif\", \"in_size\": 400, \"max_solver_time\": 30, \"layers\": [{"
                + "\"weights\": " + w + ", \"bias\": " + ones + ", \"tau_syn\": " + ones + ", \"tau_mem\": " + ones
                + ", \"thresh\": " + ones + "}]}");
        Path in = file("in.json", "{\"spikes\": [" + "[1.0],".repeat(399) + "[1.0]]}");
        Path coef = file("c.json", "[" + "1,".repeat(299) + "1]");
        long t0 = System.nanoTime();
        assertRefused(CliRun.run("gradcheck", "--net", net.toString(), "--input", in.toString(), "--coef",
                coef.toString()), "this network has 121200, at most 100000");
        assertTrue(System.nanoTime() - t0 < 10e9, "refused at once");
    }
}
