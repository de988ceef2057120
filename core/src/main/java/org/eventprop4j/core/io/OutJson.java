package org.eventprop4j.core.io;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;

/**
 * Writes out.json, the result of {@code simulate}:
 * <pre>
 * { "layers": [ { "spikes": [[t...] one sorted list per neuron] } ...every layer...],
 *   "first_spike": [t | null per output neuron] }
 * </pre>
 * Times in ms; {@code null} means the output neuron did not spike in {@code [0, max_solver_time]}.
 */
public final class OutJson {

    private OutJson() {
    }

    /**
     * The JSON tree of a simulated trace of {@code net}.
     *
     * @param net   the simulated network
     * @param trace its trace
     * @return a new JSON object in the format shown in the class comment
     */
    public static ObjectNode toTree(FFEvNN net, Trace trace) {
        ObjectNode root = Json.NODES.objectNode();
        ArrayNode layers = root.putArray("layers");
        for (int l = 0; l < net.layers().size(); l++) {
            ArrayNode per = layers.addObject().putArray("spikes");
            for (double[] times : trace.spikes(l).perSource(net.layers().get(l).size())) {
                per.add(Json.numbers(times));
            }
        }
        root.set("first_spike", Json.numbers(trace.output().firstTimes(net.outSize(), Double.POSITIVE_INFINITY)));
        return root;
    }

    /**
     * Writes out.json atomically.
     *
     * @param net   the simulated network
     * @param trace its trace
     * @param path  the out.json file
     * @throws IOException if the file cannot be written
     */
    public static void write(FFEvNN net, Trace trace, Path path) throws IOException {
        Json.write(path, toTree(net, trace));
    }
}
