package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile output paths for every command that writes: each is refused with one line on stderr and a non-zero exit,
 * writes nothing, and leaves every input (and whatever the path pointed to) byte for byte as it was.
 */
class OutputPathTest {

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

    /** The commands that write one file, with their inputs. */
    private List<String[]> commands(Path out, Path net, Path in, Path coef) {
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {"simulate", "--net", net.toString(), "--input", in.toString(), "--out", out.toString()});
        c.add(new String[] {"state", "--net", net.toString(), "--input", in.toString(), "--times", "0:10:3", "--out",
            out.toString()});
        c.add(new String[] {"grad", "--net", net.toString(), "--input", in.toString(), "--coef", coef.toString(),
            "--out", out.toString()});
        return c;
    }

    @Test
    void anOutputThatIsAnInputIsRefusedAndTheInputIsUntouched() throws IOException {
        Path net = file("net.json", EvnnCliTest.NET);
        Path in = file("input.json", EvnnCliTest.INPUT);
        Path coef = file("coef.json", "[1.0, 2.0]");
        byte[][] before = {Files.readAllBytes(net), Files.readAllBytes(in), Files.readAllBytes(coef)};
        int refused = 0;
        for (Path target : new Path[] {net, in, coef, dir.resolve(".").resolve("net.json"),
                dir.resolve("sub").resolve("..").resolve("input.json")}) {
            for (String[] cmd : commands(target, net, in, coef)) {
                if (target.endsWith("coef.json") && !cmd[0].equals("grad")) {
                    continue;
                }
                assertRefused(CliRun.run(cmd), "is the input --");
                refused++;
            }
        }
        assertEquals(13, refused);
        assertArrayEquals(before[0], Files.readAllBytes(net));
        assertArrayEquals(before[1], Files.readAllBytes(in));
        assertArrayEquals(before[2], Files.readAllBytes(coef));
    }

    @Test
    void aSymbolicLinkIsNeverReplaced() throws IOException {
        Path net = file("net.json", EvnnCliTest.NET);
        Path in = file("input.json", EvnnCliTest.INPUT);
        Path coef = file("coef.json", "[1.0, 2.0]");
        Path precious = file("precious.txt", "keep me");
        Path link = dir.resolve("out.json");
        Files.createSymbolicLink(link, precious);
        for (String[] cmd : commands(link, net, in, coef)) {
            assertRefused(CliRun.run(cmd), "is a symbolic link");
            assertTrue(Files.isSymbolicLink(link));
            assertEquals("keep me", Files.readString(precious));
        }
        // a link to an input is refused too
        Path toNet = dir.resolve("alias.json");
        Files.createSymbolicLink(toNet, net);
        assertRefused(CliRun.run(commands(toNet, net, in, coef).get(0)), "is a symbolic link");
    }

    @Test
    void aPipeOrADeviceIsNeverReplaced() throws IOException, InterruptedException {
        Path net = file("net.json", EvnnCliTest.NET);
        Path in = file("input.json", EvnnCliTest.INPUT);
        Path coef = file("coef.json", "[1.0, 2.0]");
        Path fifo = dir.resolve("pipe.json");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        Assumptions.assumeTrue(made, "mkfifo is not available here; skipped");
        for (String[] cmd : commands(fifo, net, in, coef)) {
            assertRefused(CliRun.run(cmd), "is not a regular file");
            assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "still a pipe");
        }
        Path dev = Path.of("/dev/null");
        if (Files.exists(dev)) {
            assertRefused(CliRun.run(commands(dev, net, in, coef).get(0)), "is not a regular file");
            assertFalse(Files.isRegularFile(dev, LinkOption.NOFOLLOW_LINKS), "/dev/null untouched");
        }
    }

    @ParameterizedTest(name = "train --out \"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyRunFolderIsAnError(String out) {
        assertRefused(CliRun.run("train", "--data", "generated", "--limit", "20", "--epochs", "1", "--out", out),
                "--out must not be empty");
    }

    @Test
    void aRunFolderThatIsAFileIsAnError() throws IOException {
        Path f = file("not-a-folder", "x");
        assertRefused(CliRun.run(TrainCliTest.tiny(f)), "exists and is not a folder");
        assertEquals("x", Files.readString(f));
        assertRefused(CliRun.run("tutorial", "--out", f.toString()), "exists and is not a folder");
    }

    @Test
    void aNewRunNeverReplacesAnExistingRunAndALockedFolderIsRefused() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, CliRun.run(TrainCliTest.tiny(run)).code());
        byte[] cp = Files.readAllBytes(run.resolve("checkpoint.json"));
        CliRun.Result again = CliRun.run(TrainCliTest.tiny(run, "--seed", "5"));
        assertRefused(again, "already holds a training run");
        assertTrue(again.err().contains("--resume"), again.err());
        assertArrayEquals(cp, Files.readAllBytes(run.resolve("checkpoint.json")), "the old run is untouched");
        // resuming that very checkpoint into its folder is fine, and --overwrite replaces it on purpose
        CliRun.Result resumed = CliRun.run("train", "--resume", run.resolve("checkpoint.json").toString(), "--epochs",
                "3", "--out", run.toString());
        assertEquals(0, resumed.code(), resumed.err());
        List<String> replace = new ArrayList<>(List.of(TrainCliTest.tiny(run, "--seed", "5")));
        replace.add("--overwrite");
        CliRun.Result replaced = CliRun.run(replace.toArray(String[]::new));
        assertEquals(0, replaced.code(), replaced.err());

        // another training holds the folder: refused, nothing written
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        try (FileChannel ch = FileChannel.open(other.resolve(CliPaths.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            assertRefused(CliRun.run(TrainCliTest.tiny(other)), "another training is writing into");
            assertFalse(Files.exists(other.resolve("checkpoint.json")));
        }
    }

    @Test
    void leftoverTemporaryFilesOfACrashAreCleanedWhenTheFolderIsLocked() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        SplittableRandom rng = new SplittableRandom(7);
        List<Path> stale = new ArrayList<>();
        for (String name : List.of("checkpoint.json", "metrics.csv", "net.json")) {
            Path p = run.resolve("." + name + "." + Long.toHexString(rng.nextLong() & Long.MAX_VALUE) + ".tmp");
            Files.writeString(p, "partial");
            stale.add(p);
        }
        Path mine = run.resolve("notes.tmp");             // not hidden: not ours, kept
        Files.writeString(mine, "user file");
        assertEquals(0, CliRun.run(TrainCliTest.tiny(run)).code());
        for (Path p : stale) {
            assertFalse(Files.exists(p), p + " cleaned");
        }
        assertEquals("user file", Files.readString(mine));
    }
}
