package org.eventprop4j.core.io;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes state.json: {@code { "times": [...], "state": [neuron][time][channel] }} of the last layer, as returned by
 * {@link org.eventprop4j.core.net.FFEvNN#stateAt(double[][], double[])} (right-continuous). Channels are in the
 * model's order ({@code lif}: V, I; {@code qif}: theta, I).
 */
public final class StateJson {

    private StateJson() {
    }

    /**
     * The JSON tree.
     *
     * @param times the sample times, ms
     * @param state the states, {@code [neuron][time][channel]}
     * @return a new JSON object in the format shown in the class comment
     */
    public static ObjectNode toTree(double[] times, double[][][] state) {
        ObjectNode root = Json.NODES.objectNode();
        root.set("times", Json.numbers(times));
        ArrayNode s = root.putArray("state");
        for (double[][] neuron : state) {
            ArrayNode n = s.addArray();
            for (double[] atTime : neuron) {
                n.add(Json.numbers(atTime));
            }
        }
        return root;
    }

    /**
     * Writes state.json atomically.
     *
     * @param times the sample times, ms
     * @param state the states, {@code [neuron][time][channel]}
     * @param path  the state.json file
     * @throws IOException if the file cannot be written
     */
    public static void write(double[] times, double[][][] state, Path path) throws IOException {
        Json.write(path, toTree(times, state));
    }
}
