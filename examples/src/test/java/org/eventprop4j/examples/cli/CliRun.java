package org.eventprop4j.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the {@code evnn} CLI in-process and captures its exit code, stdout and stderr (for the CLI tests). */
final class CliRun {
    private CliRun() {
    }

    /** Exit code and captured output of one run. */
    record Result(int code, String out, String err) {
    }

    /** Asserts a refusal: a non-zero exit and exactly one line on stderr that contains {@code expected}. */
    static void assertRefused(Result r, String expected) {
        org.junit.jupiter.api.Assertions.assertNotEquals(0, r.code(), r.out() + r.err());
        org.junit.jupiter.api.Assertions.assertEquals(1, r.err().lines().count(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(expected), "expected '" + expected + "' in: "
                + r.err());
    }

    static Result run(String... args) {
        CommandLine cmd = Evnn.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
