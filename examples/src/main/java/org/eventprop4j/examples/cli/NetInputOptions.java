package org.eventprop4j.examples.cli;

import java.nio.file.Path;

import org.eventprop4j.core.io.InputJson;
import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.net.FFEvNN;
import picocli.CommandLine.Option;

/** The {@code --net} and {@code --input} options shared by the simulation subcommands. */
final class NetInputOptions {

    @Option(names = "--net", required = true, paramLabel = "NET.json",
            description = "Network in the interchange format (evnn-net/1): model, in_size, max_solver_time (ms), "
                    + "layers with weights[pre][post] and per-neuron parameters (tau_syn, tau_mem in ms). "
                    + "Optional keys: solver_stepsize (ms), max_event_steps.")
    Path net;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json",
            description = "Input spikes: {\"spikes\": [[t, ...], ...]}, exactly in_size lists of times in ms "
                    + "(any order, may be empty; times > max_solver_time are ignored; negative or NaN is an error).")
    Path input;

    /** Reads the network (single-threaded: one sample). */
    FFEvNN readNet() {
        return NetJson.read(net, 1);
    }

    /** Reads the input spikes for {@code network}. */
    double[][] readInput(FFEvNN network) {
        return InputJson.read(input, network.inSize());
    }

    /** The input files by option name (for {@link CliPaths#outputFile}). */
    java.util.Map<String, Path> inputs() {
        java.util.Map<String, Path> m = new java.util.LinkedHashMap<>();
        m.put("--net", net);
        m.put("--input", input);
        return m;
    }
}
