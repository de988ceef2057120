package org.eventprop4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.eventprop4j.examples.cli.Evnn;
import org.eventprop4j.examples.data.FashionMnist;
import org.eventprop4j.examples.data.SpikeData;
import org.eventprop4j.examples.quickstart.QuickStart;
import org.eventprop4j.optim.train.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README and docs/*.md say what runs: the README's Java block is {@link QuickStart} (kept equal, and run), and
 * every {@code ./evnn} command in their bash blocks parses with the CLI as written (options and values) and runs.
 *
 * <p>Each document is one session: its commands run in document order, in-process, in a fresh working folder of its
 * own ({@code @TempDir}/DOC), so a command sees what the commands above it wrote (an {@code evaluate} the checkpoint
 * of a {@code train} above it, a second {@code train} into the same run folder is refused as for a user). The
 * commands run as written except for these rewrites, and only these:
 * <ol>
 *   <li><b>Paths</b>: the value of every option of type {@code Path}, if relative, is resolved against the working
 *       folder; an input ({@code --net}, {@code --input}, {@code --coef}, {@code --data-dir}, {@code --resume},
 *       {@code --checkpoint}) that is not there is read from the repository instead (the bundled
 *       {@code examples/nets/*.json}). {@code --out} is always in the working folder.</li>
 *   <li><b>Default output folders</b>: a command whose {@code --out} has a default ({@code train}: train-out,
 *       {@code tutorial}: tutorial-out) and is not given gets {@code --out WORK/DEFAULT} appended.</li>
 *   <li><b>Optional options</b> written in square brackets ({@code [--tol 1e-5]}) are run, without the brackets.</li>
 *   <li><b>Small work for {@code train}</b>: {@code --epochs} is set to 1 (replaced or appended) and
 *       {@code --limit 20} is set (replaced or appended), i.e. one epoch on the first 20 samples of each part;
 *       {@code train --resume} gets {@code --epochs 2} instead (one more epoch than the run it continues) and no
 *       {@code --limit} (it inherits the checkpoint's).</li>
 *   <li><b>Fixtures</b> in every working folder, for the files the documents name as the user's own:
 *       {@code net.json}, {@code input.json}, {@code coef.json} (copies of {@code examples/nets/tiny-lif.json},
 *       {@code tiny-input.json}, {@code tiny-coef.json}) and {@code my-data/} (a small seeded spike data set in the
 *       format of docs/data.md, written with {@link SpikeData#write}: 4 channels, up to 2 spikes each, 2 classes,
 *       train 24 / validation 8 / test 8 samples).</li>
 * </ol>
 * A command runs if it exits 0 and writes its {@code --out} (for {@code train}: a checkpoint.json in it). Skipped,
 * with the reason printed: templates with placeholders ({@code <...>}, {@code ...}, {@code $VAR}), and commands on
 * Fashion-MNIST when {@link FashionMnist#DEBIAN_DIR} (Debian package dataset-fashion-mnist) is absent.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void readmeJavaBlockIsTheQuickStartProgramAndItRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("## Java in 20 lines");
        assertTrue(at >= 0, "README has its Java section");
        int from = readme.indexOf("```java", at) + "```java".length();
        String block = readme.substring(from, readme.indexOf("```", from));
        String src = Files.readString(ROOT.resolve(
                "examples/src/main/java/org/eventprop4j/examples/quickstart/QuickStart.java"));
        String region = src.substring(src.indexOf("// README:begin") + "// README:begin".length(),
                src.indexOf("// README:end"));
        assertEquals(code(region), code(block).stream().filter(l -> !l.startsWith("import ")).toList(),
                "README's Java block and QuickStart.java differ");
        double worst = QuickStart.run();
        assertTrue(worst <= 1e-5, "the README's gradient check: worst relative error " + worst);
    }

    private static List<String> code(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Every {@code ./evnn} line of the bash blocks of README.md and docs/*.md, continuations joined. */
    static List<String> commands() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            boolean bash = false;
            StringBuilder cur = null;
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("```")) {
                    bash = line.startsWith("```bash");
                    continue;
                }
                if (!bash) {
                    continue;
                }
                String l = line.strip();
                if (cur != null) {
                    cur.append(' ').append(l);
                } else if (l.startsWith("./evnn ")) {
                    cur = new StringBuilder(l);
                } else {
                    continue;
                }
                if (cur.toString().endsWith("\\")) {
                    cur.setLength(cur.length() - 1);
                    continue;
                }
                int hash = cur.indexOf(" #");
                out.add(f.getFileName() + ": " + (hash >= 0 ? cur.substring(0, hash) : cur.toString()).strip());
                cur = null;
            }
        }
        return out;
    }

    /** Seed of the spike-data fixture {@code my-data/}. */
    static final long SPIKE_DATA_SEED = 7;
    /** Samples per part of a rewritten {@code train} ({@code --limit}). */
    static final int LIMIT = 20;

    @Test
    void everyDocumentedCommandParsesAndRuns() throws IOException {
        List<String> cmds = commands();
        int parsed = 0;
        int ran = 0;
        List<String> skipped = new ArrayList<>();
        Map<String, Path> work = new LinkedHashMap<>();
        System.out.println("spike-data fixture my-data/: seed " + SPIKE_DATA_SEED);
        for (String c : cmds) {
            String doc = c.substring(0, c.indexOf(": "));
            String cmd = c.substring(c.indexOf(": ") + 2);
            if (cmd.contains("<") || cmd.contains("...") || cmd.contains("$")) {
                skipped.add(c + " (template with placeholders)");
                continue;
            }
            assertFalse(cmd.contains("\"") || cmd.contains("'"), c + ": quoting is not supported by this test");
            String[] args = cmd.substring("./evnn ".length()).replace("[", "").replace("]", "").trim()
                    .split("\\s+");
            try {
                Evnn.commandLine().parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(c + ": does not parse: " + e.getMessage(), e);
            }
            parsed++;
            List<String> a = new ArrayList<>(List.of(args));
            if (a.contains("fashion-mnist") && !a.contains("--data-dir")
                    && !Files.isDirectory(FashionMnist.DEBIAN_DIR)) {
                skipped.add(c + " (no Fashion-MNIST: " + FashionMnist.DEBIAN_DIR + " is absent; install Debian's "
                        + "package dataset-fashion-mnist)");
                continue;
            }
            Path wd = work.get(doc);
            if (wd == null) {
                wd = fixtures(Files.createDirectories(dir.resolve(doc)));
                work.put(doc, wd);
            }
            Path out = rewrite(a, wd);
            CommandLine cl = Evnn.commandLine();
            StringWriter err = new StringWriter();
            StringWriter stdout = new StringWriter();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(stdout, true));
            long t0 = System.nanoTime();
            int code = cl.execute(a.toArray(String[]::new));
            double seconds = (System.nanoTime() - t0) / 1e9;
            String ran1 = c + "\n  ran as: evnn " + String.join(" ", a);
            assertEquals(0, code, ran1 + "\n  exit " + code + ", stderr: " + err + "\n  stdout: " + stdout);
            if (out != null) {
                Path made = a.get(0).equals("train") ? out.resolve("checkpoint.json") : out;
                assertTrue(Files.exists(made), ran1 + ": wrote no " + made);
            }
            if (a.contains("--help")) {
                assertTrue(stdout.toString().contains("Usage: evnn"), ran1 + ": " + stdout);
            }
            System.out.printf(java.util.Locale.ROOT, "ran (%.1f s) %s%n", seconds, ran1);
            ran++;
        }
        System.out.println("documented commands: " + cmds.size() + ", parsed " + parsed + ", ran " + ran
                + ", skipped " + skipped.size() + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
        assertTrue(parsed >= 20, "parsed only " + parsed + " of " + cmds);
        assertEquals(parsed, ran + skipped.stream().filter(s -> s.contains("Fashion-MNIST")).count(),
                "every parsed command runs (or is skipped for want of its data)");
    }

    /**
     * Applies the rewrites of the class comment to {@code a} (subcommand first) for working folder {@code wd}.
     *
     * @return the output the command writes ({@code --out}), or null
     */
    static Path rewrite(List<String> a, Path wd) {
        CommandLine root = Evnn.commandLine();
        CommandLine sub = root.getSubcommands().get(a.get(0));
        if (sub == null) {
            return null;            // evnn --help, evnn --version
        }
        CommandSpec spec = sub.getCommandSpec();
        Path out = null;
        for (int i = 1; i < a.size(); i++) {
            String t = a.get(i);
            OptionSpec o = t.startsWith("--") ? spec.findOption(t.contains("=") ? t.substring(0, t.indexOf('='))
                    : t) : null;
            if (o == null || o.type() != Path.class) {
                continue;
            }
            assertFalse(t.contains("="), t + ": write path options as --opt VALUE (this test rewrites VALUE)");
            Path v = Path.of(a.get(i + 1));
            Path p = v.isAbsolute() ? v : wd.resolve(v);
            if (!t.equals("--out") && !Files.exists(p) && Files.exists(ROOT.resolve(v))) {
                p = ROOT.resolve(v);
            }
            a.set(i + 1, p.toString());
            if (t.equals("--out")) {
                out = p;
            }
        }
        OptionSpec outOption = spec.findOption("--out");
        if (out == null && outOption != null && outOption.defaultValue() != null) {
            out = wd.resolve(outOption.defaultValue());
            a.addAll(List.of("--out", out.toString()));
        }
        if (a.get(0).equals("train")) {
            boolean resume = a.contains("--resume");
            set(a, "--epochs", resume ? "2" : "1");
            if (!resume) {
                set(a, "--limit", Integer.toString(LIMIT));
            }
        }
        return out;
    }

    /** Sets option {@code name} to {@code value}: replaces its value, or appends it. */
    private static void set(List<String> a, String name, String value) {
        int i = a.indexOf(name);
        if (i >= 0) {
            a.set(i + 1, value);
        } else {
            a.addAll(List.of(name, value));
        }
    }

    /** The fixtures of the class comment, in working folder {@code wd}. */
    static Path fixtures(Path wd) throws IOException {
        Path nets = ROOT.resolve("examples/nets");
        Files.copy(nets.resolve("tiny-lif.json"), wd.resolve("net.json"));
        Files.copy(nets.resolve("tiny-input.json"), wd.resolve("input.json"));
        Files.copy(nets.resolve("tiny-coef.json"), wd.resolve("coef.json"));
        Path data = Files.createDirectories(wd.resolve("my-data"));
        SplittableRandom rng = new SplittableRandom(SPIKE_DATA_SEED);
        int channels = 4;
        for (String part : List.of("train", "validation", "test")) {
            int n = part.equals("train") ? 24 : 8;
            List<double[][]> in = new ArrayList<>();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 2;
                double[][] sample = new double[channels][];
                for (int ch = 0; ch < channels; ch++) {
                    int k = rng.nextInt(3);           // 0, 1 or 2 spikes; class 1 fires later
                    double[] t = new double[k];
                    for (int q = 0; q < k; q++) {
                        t[q] = 2 + 10 * labels[i] + 8 * rng.nextDouble() + 10 * q;
                    }
                    sample[ch] = t;
                }
                in.add(sample);
            }
            SpikeData.write(data, part, new Dataset(in, labels), channels);
        }
        return wd;
    }
}
