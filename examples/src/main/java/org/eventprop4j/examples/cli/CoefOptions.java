package org.eventprop4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.core.io.CoefJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import picocli.CommandLine.Option;

/**
 * The {@code --coef} option of {@code grad} and {@code gradcheck}, and the checks their loss
 * {@code L = sum_k c[k] * first_spike[k]} needs.
 */
final class CoefOptions {

    @Option(names = "--coef", required = true, paramLabel = "COEF.json",
            description = "Loss coefficients, one per output neuron: [c_0, ...] or {\"coef\": [...]}; "
                    + "L = sum_k c[k] * first_spike[k] (ms).")
    Path coef;

    /** Reads the coefficients; their number must equal the network's output size. */
    double[] readCoef(FFEvNN net) {
        return CoefJson.read(coef, net.outSize());
    }

    /**
     * Fails if any output neuron is silent, whatever its coefficient (the spec: "a silent output neuron is an
     * error"): its first-spike time, and so the loss, is undefined.
     */
    static void requireSpikingOutputs(FFEvNN net, Trace trace) {
        double[] first = trace.output().firstTimes(net.outSize(), Double.NaN);
        List<Integer> silent = new ArrayList<>();
        for (int k = 0; k < first.length; k++) {
            if (Double.isNaN(first[k])) {
                silent.add(k);
            }
        }
        if (silent.isEmpty()) {
            return;
        }
        String which = silent.size() == 1 ? "output neuron " + silent.get(0) + " is"
                : "output neurons " + silent.toString().replaceAll("[\\[\\]]", "") + " are";
        throw new IllegalArgumentException(which + " silent (no spike in [0, " + net.options().maxSolverTime()
                + "] ms): first_spike and the loss sum_k c[k] * first_spike[k] are undefined");
    }

    /** Runs a gradient computation, turning "not implemented for this model" into an invalid-input error. */
    static <T> T gradients(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? "gradients are not supported for this model"
                    : e.getMessage(), e);
        }
    }
}
