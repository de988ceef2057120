package org.eventprop4j.core.io;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads coef.json, the coefficients {@code c[k]} of the loss {@code L = sum_k c[k] * first_spike[k]}: either a bare
 * array {@code [c_0, ..., c_{n_out-1}]} or an object {@code {"coef": [...]}}. Values must be finite.
 */
public final class CoefJson {

    private CoefJson() {
    }

    /**
     * @param path the coef.json file
     * @param nOut expected number of coefficients (output neurons), or a negative number to accept any length
     * @return the coefficients {@code c[k]}, shape [number of coefficients]
     * @throws InterchangeException naming the file and the problem
     */
    public static double[] read(Path path, int nOut) {
        return fromTree(Json.readFile(path), path.toString(), nOut);
    }

    static double[] fromTree(JsonNode root, String label, int nOut) {
        JsonNode arr = root;
        if (root.isObject()) {
            JsonKeys.requireKnown(root, java.util.List.of("coef"), label, "");
            arr = Json.required(root, "coef", label, "");
        } else if (!root.isArray()) {
            throw new InterchangeException(label + ": expected an array of coefficients or {\"coef\": [...]}, got "
                    + Json.describe(root));
        }
        ArrayNode a = Json.array(arr, label, "coef");
        if (nOut >= 0 && a.size() != nOut) {
            throw new InterchangeException(label + ": expected " + nOut + " coefficients (one per output neuron), got "
                    + a.size());
        }
        double[] c = new double[a.size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = Json.number(a.get(k), label, "coef[" + k + "]");
            if (!Double.isFinite(c[k])) {
                throw new InterchangeException(label + ": coef[" + k + "] is " + c[k] + "; coefficients must be "
                        + "finite");
            }
        }
        return c;
    }
}
