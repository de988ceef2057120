package org.eventprop4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.eventprop4j.core.io.OutJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evnn simulate}: all spike times of every layer and the first output spikes. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate one sample exactly and write every layer's spike times (ms).",
            "Output: {\"layers\": [{\"spikes\": [[t...] per neuron, sorted]} per layer], "
                    + "\"first_spike\": [t or null per output neuron]} (null = no spike in [0, max_solver_time])."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    NetInputOptions in;

    @Option(names = "--out", required = true, paramLabel = "OUT.json",
            description = "Where to write the result (replaced atomically; not written on error).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CliPaths.outputFile("--out", out, in.inputs());
        FFEvNN net = in.readNet();
        double[][] spikes = in.readInput(net);
        Trace trace = net.simulate(spikes);
        OutJson.write(net, trace, out);
        return 0;
    }
}
