package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded corruptions of every file the CLI reads (net.json, input.json, coef.json, a checkpoint): truncations, byte
 * flips, deleted and duplicated spans, key typos, deep nesting and huge numbers. Whatever the result, the CLI never
 * shows an internal error or a stack trace; a refused input gives exactly one line on stderr, a non-zero exit and no
 * output file; an accepted one (a corruption can leave valid JSON) writes its output; the input files are never
 * changed. The seed is in the test name, so a failure replays with that seed.
 */
class CorruptInputCliTest {

    @TempDir
    static Path dir;
    static byte[] net;
    static byte[] input;
    static byte[] coef;
    static byte[] checkpoint;

    @BeforeAll
    static void validFiles() throws IOException {
        Path nets = Path.of("..", "examples", "nets").toAbsolutePath().normalize();
        net = Files.readAllBytes(nets.resolve("tiny-lif.json"));
        input = Files.readAllBytes(nets.resolve("tiny-input.json"));
        coef = Files.readAllBytes(nets.resolve("tiny-coef.json"));
        Path run = dir.resolve("run");
        CliRun.Result r = CliRun.run(TrainCliTest.tiny(run, "--epochs", "1", "--limit", "20", "--hidden", "4"));
        assertEquals(0, r.code(), r.err());
        checkpoint = Files.readAllBytes(run.resolve("checkpoint.json"));
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** One seeded corruption of {@code b}. */
    static byte[] corrupt(byte[] b, SplittableRandom rng) {
        String s = new String(b, StandardCharsets.UTF_8);
        int n = s.length();
        int kind = rng.nextInt(8);
        int at = rng.nextInt(Math.max(1, n));
        switch (kind) {
            case 0 -> s = s.substring(0, at);                                       // truncated
            case 1 -> {                                                             // flipped bytes
                byte[] c = b.clone();
                for (int k = 0; k < 1 + rng.nextInt(4); k++) {
                    int i = rng.nextInt(c.length);
                    c[i] = (byte) (c[i] ^ (1 << rng.nextInt(8)));
                }
                return c;
            }
            case 2 -> s = s.substring(0, at) + s.substring(Math.min(n, at + 1 + rng.nextInt(20)));   // deleted span
            case 3 -> {                                                             // duplicated span
                int e = Math.min(n, at + 1 + rng.nextInt(30));
                s = s.substring(0, e) + s.substring(at, e) + s.substring(e);
            }
            case 4 -> {                                                             // a key typo
                int q = s.indexOf('"', at);
                if (q >= 0 && q + 2 < n) {
                    s = s.substring(0, q + 1) + "x" + s.substring(q + 2);
                }
            }
            case 5 -> s = "[".repeat(2000 + rng.nextInt(5000)) + s;                // deep nesting
            case 6 -> s = s.substring(0, at) + "1" + "0".repeat(2000) + s.substring(at);   // a huge number
            default -> s = s.substring(0, at) + (rng.nextBoolean() ? "NaN" : "null") + s.substring(at);
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void check(CliRun.Result r, Path out, String what, List<Path> inputs, List<byte[]> before)
            throws IOException {
        String all = r.out() + r.err();
        assertFalse(all.contains("internal error") || all.contains("Exception") || all.contains("\tat "),
                what + ": " + all);
        if (r.code() != 0) {
            assertEquals(1, r.err().lines().count(), what + ": " + r.err());
            assertTrue(r.err().startsWith("evnn: error: "), what + ": " + r.err());
            if (out != null) {
                assertFalse(Files.exists(out), what + ": no output on error");
            }
        } else if (out != null) {
            assertTrue(Files.exists(out), what + ": exit 0 writes the output");
        }
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(inputs.get(i)), what + ": input untouched");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void corruptInterchangeFiles(long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Path d = Files.createDirectories(dir.resolve("s" + seed));
        int which = rng.nextInt(3);
        byte[][] files = {net, input, coef};
        files[which] = corrupt(files[which], rng);
        Path n = Files.write(d.resolve("net.json"), files[0]);
        Path in = Files.write(d.resolve("input.json"), files[1]);
        Path c = Files.write(d.resolve("coef.json"), files[2]);
        Path out = d.resolve("grad.json");
        String what = "seed " + seed + " (corrupt " + List.of("net", "input", "coef").get(which) + ")";
        CliRun.Result r = CliRun.run("grad", "--net", n.toString(), "--input", in.toString(), "--coef", c.toString(),
                "--out", out.toString());
        check(r, out, what, List.of(n, in, c), List.of(files[0], files[1], files[2]));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void corruptCheckpoints(long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(1000 + seed);
        Path d = Files.createDirectories(dir.resolve("c" + seed));
        byte[] bad = corrupt(checkpoint, rng);
        Path cp = Files.write(d.resolve("checkpoint.json"), bad);
        CliRun.Result r = CliRun.run("evaluate", "--checkpoint", cp.toString(), "--data", "generated", "--limit",
                "20");
        check(r, null, "seed " + seed + " (evaluate)", List.of(cp), List.of(bad));
        Path out = d.resolve("resumed");
        List<String> args = new ArrayList<>(List.of("train", "--resume", cp.toString(), "--epochs", "2", "--out",
                out.toString()));
        CliRun.Result t = CliRun.run(args.toArray(String[]::new));
        check(t, null, "seed " + seed + " (resume)", List.of(cp), List.of(bad));
        if (t.code() != 0) {
            assertFalse(Files.exists(out.resolve("checkpoint.json")), "seed " + seed + ": no checkpoint on error");
        }
    }
}
