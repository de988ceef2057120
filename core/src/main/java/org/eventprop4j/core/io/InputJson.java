package org.eventprop4j.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes input.json: {@code { "spikes": [[t, ...], [t, ...]] }} with exactly {@code in_size} lists (one
 * per input channel), times in ms, in any order, possibly empty. Times above the simulation window are allowed (the
 * simulator ignores them, as does {@code Infinity}); negative or NaN times are errors.
 */
public final class InputJson {

    private InputJson() {
    }

    /**
     * Reads the spike lists, {@code result[channel][k]}.
     *
     * @param path the input spike file
     * @param inSize the network's number of input channels; the file must contain exactly this many lists
     * @return spike times in ms, shape [inSize][spikes of that channel]
     * @throws InterchangeException naming the file and the problem
     */
    public static double[][] read(Path path, int inSize) {
        return fromTree(Json.readFile(path), path.toString(), inSize);
    }

    static double[][] fromTree(JsonNode rootNode, String label, int inSize) {
        ObjectNode root = Json.object(rootNode, label);
        JsonKeys.requireKnown(root, List.of("spikes"), label, "");
        ArrayNode lists = Json.array(Json.required(root, "spikes", label, ""), label, "spikes");
        if (lists.size() != inSize) {
            throw new InterchangeException(label + ": expected " + inSize + " spike lists (in_size), got "
                    + lists.size());
        }
        double[][] out = new double[inSize][];
        for (int j = 0; j < inSize; j++) {
            ArrayNode row = Json.array(lists.get(j), label, "spikes[" + j + "] (channel " + j + ")");
            out[j] = new double[row.size()];
            for (int q = 0; q < row.size(); q++) {
                double t = Json.number(row.get(q), label, "channel " + j + " spike " + q);
                if (Double.isNaN(t)) {
                    throw new InterchangeException(label + ": channel " + j + " spike " + q + " is NaN; spike times "
                            + "must be numbers >= 0 (ms)");
                }
                if (t < 0) {
                    throw new InterchangeException(label + ": channel " + j + " has negative spike time " + t
                            + " (spike " + q + "); spike times must be >= 0 (ms)");
                }
                out[j][q] = t;
            }
        }
        return out;
    }

    /**
     * Writes input spikes atomically; infinite entries (padding) are left out.
     *
     * @param spikes spike times in ms ({@code >= 0}, {@code +inf} for padding), {@code [channel][k]}
     * @param path   the file to write
     * @throws IOException if the file cannot be written
     */
    public static void write(double[][] spikes, Path path) throws IOException {
        ObjectNode root = Json.NODES.objectNode();
        ArrayNode lists = root.putArray("spikes");
        for (double[] row : spikes) {
            ArrayNode a = lists.addArray();
            for (double t : row) {
                if (Double.isNaN(t) || t < 0) {
                    throw new IllegalArgumentException("input spike time " + t + " must be a number >= 0 (ms)");
                }
                if (t != Double.POSITIVE_INFINITY) {
                    a.add(t);
                }
            }
        }
        Json.write(path, root);
    }
}
