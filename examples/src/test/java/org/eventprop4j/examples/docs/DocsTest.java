package org.eventprop4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.eventprop4j.examples.cli.Evnn;
import org.eventprop4j.examples.quickstart.QuickStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The README and docs/*.md say what runs: the README's Java block is {@link QuickStart} (kept equal, and run), and
 * every {@code ./evnn} command in their bash blocks parses with the CLI as written (options and values); the
 * commands on the bundled example files are run and must succeed. Templates with placeholders ({@code [...]},
 * {@code <...>}, {@code ...}) are only counted as skipped.
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

    @Test
    void everyDocumentedCommandParsesAndTheExampleCommandsRun() throws IOException {
        List<String> cmds = commands();
        int parsed = 0;
        int ran = 0;
        List<String> skipped = new ArrayList<>();
        for (String c : cmds) {
            String cmd = c.substring(c.indexOf(": ") + 2);
            if (cmd.contains("[") || cmd.contains("<") || cmd.contains("...") || cmd.contains("$")) {
                skipped.add(c);
                continue;
            }
            String[] args = cmd.substring("./evnn ".length()).trim().split("\\s+");
            try {
                Evnn.commandLine().parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(c + ": does not parse: " + e.getMessage(), e);
            }
            parsed++;
            String sub = args[0];
            if (List.of("simulate", "state", "grad", "gradcheck").contains(sub)
                    && cmd.contains("examples/nets/") && !cmd.matches(".*--(net|input|coef) [^e].*")) {
                String[] run = args.clone();
                for (int i = 0; i < run.length; i++) {
                    if (run[i].startsWith("examples/nets/")) {
                        run[i] = ROOT.resolve(run[i]).toString();
                    } else if (i > 0 && run[i - 1].equals("--out")) {
                        run[i] = dir.resolve(run[i]).toString();
                    }
                }
                CommandLine cl = Evnn.commandLine();
                StringWriter err = new StringWriter();
                cl.setErr(new PrintWriter(err, true));
                cl.setOut(new PrintWriter(new StringWriter(), true));
                int code = cl.execute(run);
                assertEquals(0, code, c + ": exit " + code + ", stderr: " + err);
                ran++;
            }
        }
        System.out.println("documented commands: " + cmds.size() + ", parsed " + parsed + ", ran " + ran
                + ", skipped (templates) " + skipped.size() + " " + skipped);
        assertTrue(parsed >= 20, "parsed only " + parsed + " of " + cmds);
        assertTrue(ran >= 3, "ran only " + ran);
    }
}
