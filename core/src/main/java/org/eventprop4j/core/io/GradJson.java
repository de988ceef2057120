package org.eventprop4j.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes grad.json, the result of {@code grad}:
 * <pre>
 * { "loss": L,
 *   "grad": { "layers": [ { "weights": [[..]] ([pre][post]), "bias": [..], "tau_syn": [..], "tau_mem": [..],
 *                           "thresh": [..] (lif only) } ] } }
 * </pre>
 * with {@code L = sum_k c[k] * first_spike[k]}. Each layer has {@code weights} ({@code [fan_in][size]}) and one array
 * per model parameter, keyed by the parameter's name in {@code NeuronModel.params()}; the spec's keys ({@code bias,
 * tau_syn, tau_mem}) come first in that order, then any further parameters (LIF: {@code thresh}) in model order.
 * Doubles are written in their shortest round-trip form. JSON has no NaN or infinity, so a non-finite loss or
 * gradient entry is an error (nothing is written) rather than a silent {@code null}.
 *
 * <p>This class lives in core and therefore takes plain arrays, not autodiff's {@code Gradients}.
 */
public final class GradJson {

    /** The keys the spec lists per layer (besides {@code weights}), in the spec's order. */
    static final List<String> SPEC_ORDER = List.of("bias", "tau_syn", "tau_mem");

    /** Gradient of one layer: {@code weights[pre][post]} and {@code params[k][neuron]} in the model's order. */
    public record Layer(double[][] weights, double[][] params) {
    }

    private GradJson() {
    }

    /**
     * The JSON tree of grad.json.
     *
     * @param loss       the loss value
     * @param paramNames names of the model's parameters, in {@code params()} order
     * @param layers     per layer, first to last
     * @return a new JSON object in the format shown in the class comment
     * @throws IllegalArgumentException if the loss or a gradient entry is not finite, or the shapes disagree
     */
    public static ObjectNode toTree(double loss, List<String> paramNames, List<Layer> layers) {
        if (!Double.isFinite(loss)) {
            throw new IllegalArgumentException("the loss is " + loss + "; grad.json needs a finite value");
        }
        List<Integer> order = new ArrayList<>();
        for (String key : SPEC_ORDER) {
            int k = paramNames.indexOf(key);
            if (k >= 0) {
                order.add(k);
            }
        }
        for (int k = 0; k < paramNames.size(); k++) {
            if (!order.contains(k)) {
                order.add(k);
            }
        }
        ObjectNode root = Json.NODES.objectNode();
        root.put("loss", loss);
        ArrayNode out = root.putObject("grad").putArray("layers");
        for (int l = 0; l < layers.size(); l++) {
            Layer lg = layers.get(l);
            if (lg.params().length != paramNames.size()) {
                throw new IllegalArgumentException("layer " + l + ": " + lg.params().length + " parameter gradients, "
                        + "expected " + paramNames.size() + " " + paramNames);
            }
            ObjectNode o = out.addObject();
            ArrayNode w = o.putArray("weights");
            for (int j = 0; j < lg.weights().length; j++) {
                w.add(finite(lg.weights()[j], "layer " + l + " weights[" + j + "]"));
            }
            for (int k : order) {
                o.set(paramNames.get(k), finite(lg.params()[k], "layer " + l + " " + paramNames.get(k)));
            }
        }
        return root;
    }

    /**
     * Writes grad.json atomically (nothing is written if the content is invalid).
     *
     * @param path       the grad.json file
     * @param loss       the loss value
     * @param paramNames names of the model's parameters, in {@code params()} order
     * @param layers     per layer, first to last
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, double loss, List<String> paramNames, List<Layer> layers) throws IOException {
        Json.write(path, toTree(loss, paramNames, layers));
    }

    private static ArrayNode finite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("gradient " + what + "[" + i + "] is " + v[i]
                        + "; not written (JSON has no NaN or infinity)");
            }
        }
        return Json.numbers(v);
    }
}
