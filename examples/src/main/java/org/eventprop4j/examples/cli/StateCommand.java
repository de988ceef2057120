package org.eventprop4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.eventprop4j.core.io.StateJson;
import org.eventprop4j.core.net.FFEvNN;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evnn state}: the last layer's (or any layer's) state at evenly spaced times. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Write the state of the LAST layer (or of --layer L) at evenly spaced times (ms).",
            "Output: {\"times\": [...], \"state\": [neuron][time][channel]}; channels in model order "
                    + "(lif: V, I; qif: theta, I). Right-continuous: the state at t includes every input jump and "
                    + "reset at exactly t."})
final class StateCommand implements Callable<Integer> {

    @Mixin
    NetInputOptions in;

    @Option(names = "--times", required = true, paramLabel = "START:STOP:NUM", converter = TimeGrid.Converter.class,
            description = "NUM (>= 1) evenly spaced times in ms from START to STOP inclusive, like numpy.linspace "
                    + "(NUM = 1 gives START). Must lie in [0, max_solver_time].")
    TimeGrid times;

    @Option(names = "--layer", paramLabel = "L",
            description = "Layer whose state is written: 0 = first hidden layer; -1 = the last layer (default: "
                    + "${DEFAULT-VALUE}).")
    int layer = -1;

    @Option(names = "--out", required = true, paramLabel = "STATE.json",
            description = "Where to write the result (replaced atomically; not written on error).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CliPaths.outputFile("--out", out, in.inputs());
        FFEvNN net = in.readNet();
        double[][] spikes = in.readInput(net);
        double[] t = times.values();
        int l = layer == -1 ? net.layers().size() - 1 : layer;
        if (l < 0 || l >= net.layers().size()) {
            throw new IllegalArgumentException("--layer " + layer + ": the network has layers 0.."
                    + (net.layers().size() - 1) + " (or -1 for the last)");
        }
        long values = (long) net.layers().get(l).size() * t.length * net.model(l).channelCount();
        if (values > MAX_VALUES) {
            throw new IllegalArgumentException("--times: " + net.layers().get(l).size() + " neurons x " + t.length
                    + " times x " + net.model(l).channelCount() + " channels = " + values + " values, more than the "
                    + MAX_VALUES + " one call writes; ask for fewer times");
        }
        double[][][] state = net.stateAt(spikes, t, l);
        StateJson.write(t, state, out);
        return 0;
    }

    /** Most sample times per call. */
    static final int MAX_TIMES = 1_000_000;
    /** Most state values (neurons x times x channels) per call: the JSON is about 20 bytes per value. */
    static final long MAX_VALUES = 10_000_000L;

    /** {@code START:STOP:NUM}. */
    record TimeGrid(double start, double stop, int num) {

        /** {@code t_i = start + i (stop - start) / (num - 1)}, the last one exactly {@code stop}. */
        double[] values() {
            double[] t = new double[num];
            if (num == 1) {
                t[0] = start;
                return t;
            }
            for (int i = 0; i < num; i++) {
                t[i] = start + i * (stop - start) / (num - 1);
            }
            t[num - 1] = stop;
            return t;
        }

        static final class Converter implements CommandLine.ITypeConverter<TimeGrid> {
            @Override
            public TimeGrid convert(String value) {
                String[] p = value.split(":", -1);
                if (p.length != 3) {
                    throw new CommandLine.TypeConversionException("expected START:STOP:NUM (ms, ms, count), got '"
                            + value + "'");
                }
                double a;
                double b;
                int n;
                try {
                    a = Double.parseDouble(p[0].strip());
                    b = Double.parseDouble(p[1].strip());
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("START and STOP must be numbers (ms), got '"
                            + value + "'");
                }
                try {
                    n = Integer.parseInt(p[2].strip());
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("NUM must be an integer >= 1, got '" + p[2] + "'");
                }
                if (!Double.isFinite(a) || !Double.isFinite(b)) {
                    throw new CommandLine.TypeConversionException("START and STOP must be finite, got '" + value
                            + "'");
                }
                if (n < 1 || n > MAX_TIMES) {
                    throw new CommandLine.TypeConversionException("NUM must be in [1, " + MAX_TIMES + "], got " + n);
                }
                return new TimeGrid(a, b, n);
            }
        }
    }
}
