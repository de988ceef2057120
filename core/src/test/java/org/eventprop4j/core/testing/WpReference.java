package org.eventprop4j.core.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;

/**
 * The Wunderlich &amp; Pehle reference case ({@code shared/reference/wp-reference-case.json}) for tests of every
 * module: its values are in SECONDS, converted here to ms (times multiplied by 1000). Shared through core's test jar.
 */
public final class WpReference {
    private WpReference() {
    }

    /** The parsed file, or skips the calling test saying why. */
    public static JsonNode load() throws IOException {
        return new ObjectMapper().readTree(SharedFiles.require("reference/wp-reference-case.json").toFile());
    }

    /** A JSON matrix as {@code double[rows][cols]}. */
    public static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[n.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = n.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    /** A LIF layer with weights {@code w[pre][post]} and the case's parameters (tau_syn 5 ms, tau_mem 20 ms, thresh 1). */
    public static Layer layer(double[][] w) {
        int fan = w.length;
        int n = w[0].length;
        double[] flat = new double[fan * n];
        for (int j = 0; j < fan; j++) {
            System.arraycopy(w[j], 0, flat, j * n, n);
        }
        double[][] p = new double[4][n];
        Arrays.fill(p[LIF.TAU_SYN], 5.0);
        Arrays.fill(p[LIF.TAU_MEM], 20.0);
        Arrays.fill(p[LIF.THRESH], 1.0);
        return new Layer(fan, n, flat, p);
    }

    /** A network of LIF layers with the given weight matrices (window 1000 ms: every spike of the case fits). */
    public static FFEvNN network(JsonNode... weights) {
        Layer[] layers = new Layer[weights.length];
        for (int l = 0; l < weights.length; l++) {
            layers[l] = layer(matrix(weights[l]));
        }
        return new FFEvNN(new LIF(), layers[0].fanIn(), List.of(layers), SimOptions.of(1000.0), 1);
    }

    /** An input {@code {"times": [s...], "sources": [...]}} as time-ordered spikes in ms. */
    public static Spikes input(JsonNode in) {
        int n = in.get("times").size();
        double[] t = new double[n];
        int[] s = new int[n];
        for (int k = 0; k < n; k++) {
            t[k] = in.get("times").get(k).asDouble() * 1000.0;
            s[k] = in.get("sources").get(k).asInt();
        }
        return new Spikes(t, s);
    }
}
