package org.eventprop4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.eventprop4j.autodiff.CoefficientLoss;
import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.autodiff.LayerGradient;
import org.eventprop4j.core.io.GradJson;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evnn grad}: the loss {@code sum_k c[k] * first_spike[k]} and its exact gradient by EventProp. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = {"Exact gradient (EventProp) of L = sum_k c[k] * first_spike[k] (ms) over the output neurons "
                + "with respect to every parameter.",
            "Output: {\"loss\": L, \"grad\": {\"layers\": [{\"weights\": [[..]] ([pre][post]), \"bias\": [..], "
                    + "\"tau_syn\": [..], \"tau_mem\": [..], \"thresh\": [..] (lif only)} per layer]}}; "
                    + "units: ms per parameter unit (tau in ms).",
            "A silent output neuron (no spike in [0, max_solver_time]) is an error, whatever its coefficient."})
final class GradCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetInputOptions in;

    @Mixin
    CoefOptions coefOptions;

    @Option(names = "--out", required = true, paramLabel = "GRAD.json",
            description = "Where to write the result (replaced atomically; not written on error).")
    Path out;

    @Override
    public Integer call() throws Exception {
        java.util.Map<String, Path> inputs = in.inputs();
        inputs.put("--coef", coefOptions.coef);
        CliPaths.outputFile("--out", out, inputs);
        FFEvNN net = in.readNet();
        double[][] spikes = in.readInput(net);
        double[] coef = coefOptions.readCoef(net);
        Trace trace = net.simulate(spikes);
        CoefOptions.requireSpikingOutputs(net, trace);
        CoefficientLoss loss = new CoefficientLoss(coef);
        double value = loss.value(trace);
        Gradients g = CoefOptions.gradients(() -> new EventProp(net).backward(trace, loss.spikeErrors(trace)));
        List<GradJson.Layer> layers = new ArrayList<>();
        for (LayerGradient lg : g.layers()) {
            layers.add(new GradJson.Layer(lg.weightMatrix(), lg.params()));
        }
        List<String> names = net.model().params().stream().map(ParamSpec::name).toList();
        GradJson.write(out, value, names, layers);
        if (g.tangentialCrossings() > 0) {
            spec.commandLine().getErr().println("evnn: warning: " + g.tangentialCrossings() + " spike(s) crossed the "
                    + "threshold tangentially; their unbounded spike-time derivative was left out of the gradient");
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
