package org.eventprop4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.sim.EventCapExceededException;
import org.eventprop4j.core.sim.SimulationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code evnn} command line: reads and writes the interchange format of {@code spec/interchange.md}.
 *
 * <p>Exit status: 0 on success; 1 when the input is invalid or the simulation fails (one line
 * {@code evnn: error: <message>} on stderr, no output file written); 2 for usage errors (unknown option, missing
 * option, malformed option value). Set the environment variable {@code EVNN_DEBUG=1} to get stack traces.
 *
 * <p>Each subcommand is its own class; add new ones (grad, gradcheck, train, evaluate) to {@code subcommands}.
 */
@Command(name = "evnn", mixinStandardHelpOptions = true, versionProvider = Evnn.Version.class,
        description = {"Spiking neural networks with exact event-based simulation (eventprop4j).",
            "All times are in milliseconds (ms). File formats: spec/interchange.md (net.json format "
                    + NetJson.FORMAT + ")."},
        subcommands = {SimulateCommand.class, StateCommand.class, GradCommand.class, GradCheckCommand.class,
            TutorialCommand.class, TrainCommand.class, EvaluateCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 invalid input or failed simulation (one line 'evnn: error: ...' "
                + "on stderr, no output written), 2 usage error, 3 gradient check failed (gradcheck)."})
public final class Evnn implements Callable<Integer> {

    /** Exit status for invalid input or a failed simulation. */
    public static final int EXIT_INVALID = 1;
    /** Exit status for usage errors (picocli's default). */
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    /** Logger names whose INFO output (ND4J's start-up banner, backend details) is off unless asked for. */
    static final String[] LIBRARY_LOGGERS = {"org.nd4j", "org.bytedeco"};

    /**
     * {@code --verbose} (any subcommand): turns ND4J's banner and INFO logging back on. Applied while the command line
     * is parsed, before ND4J's first use.
     */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the libraries' INFO logging (ND4J's start-up banner); off by default.")
    void verbose(boolean on) {
        if (on) {
            for (String name : LIBRARY_LOGGERS) {
                System.setProperty("org.slf4j.simpleLogger.log." + name, "info");
            }
        }
    }

    /** Without a subcommand: print the usage to stderr and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // the heap is exhausted: one line, no trace (sizes are checked up front; this is the last guard)
            System.err.println("evnn: error: out of memory (Java heap, " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB): the network or the data is too large for this heap; use smaller sizes or raise it, "
                    + "e.g. EVNN_JAVA_OPTS=-Xmx8g");
            code = EXIT_INVALID;
        }
        System.exit(code);
    }

    /**
     * A fully configured command line (error handlers installed); tests call {@code execute} on it.
     *
     * @return a new command line for {@code evnn} with its execution and parameter error handlers
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Evnn());
        cmd.setExecutionExceptionHandler((ex, cl, parseResult) -> {
            PrintWriter err = cl.getErr();
            err.println("evnn: error: " + message(ex));
            if (debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_INVALID;
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("evnn: error: " + oneLine(ex.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        return cmd;
    }

    /** The one-line message shown for an exception thrown by a subcommand. */
    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            ex = u.getCause();
        }
        String m;
        if (ex instanceof EventCapExceededException) {
            m = ex.getMessage() + " (net.json key max_event_steps)";
        } else if (ex instanceof IllegalArgumentException || ex instanceof SimulationException) {
            m = ex.getMessage();
        } else if (ex instanceof NoSuchFileException e) {
            m = "cannot write " + e.getFile() + ": " + (e.getReason() != null ? e.getReason()
                    : "no such file or folder");
        } else if (ex instanceof AccessDeniedException e) {
            m = "cannot write " + e.getFile() + ": permission denied";
        } else if (ex instanceof FileSystemException e) {
            m = "cannot write " + e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getMessage());
        } else if (ex instanceof IOException) {
            m = "i/o error: " + ex.getMessage();
        } else {
            m = "internal error: " + ex + (debug() ? "" : " (set EVNN_DEBUG=1 for a stack trace)");
        }
        return oneLine(m == null ? ex.getClass().getSimpleName() : m);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static boolean debug() {
        String d = System.getenv("EVNN_DEBUG");
        return d != null && !d.isEmpty() && !d.equals("0");
    }

    /** Version text. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Evnn.class.getPackage().getImplementationVersion();
            return new String[] {"evnn " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (net.json format "
                    + NetJson.FORMAT + ")"};
        }
    }
}
