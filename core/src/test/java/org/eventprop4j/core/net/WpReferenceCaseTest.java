package org.eventprop4j.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eventprop4j.core.SharedFiles;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;

/**
 * The Wunderlich &amp; Pehle reference case ({@code shared/reference/wp-reference-case.json}, seconds converted to ms):
 * hidden and output spike trains of a 5-10-3 LIF network to 1e-9 ms, and the peer-bug case where the reference
 * simulator loses a spike that an exact simulation must find.
 */
class WpReferenceCaseTest {

    static JsonNode load() throws IOException {
        Path p = SharedFiles.require("reference/wp-reference-case.json");
        return new ObjectMapper().readTree(p.toFile());
    }

    static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[n.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = n.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    static Layer layer(double[][] w) {
        int fan = w.length;
        int n = w[0].length;
        double[] flat = new double[fan * n];
        for (int j = 0; j < fan; j++) {
            System.arraycopy(w[j], 0, flat, j * n, n);
        }
        double[][] p = new double[4][n];
        java.util.Arrays.fill(p[LIF.TAU_SYN], 5.0);
        java.util.Arrays.fill(p[LIF.TAU_MEM], 20.0);
        java.util.Arrays.fill(p[LIF.THRESH], 1.0);
        return new Layer(fan, n, flat, p);
    }

    static Spikes input(JsonNode in) {
        int n = in.get("times").size();
        double[] t = new double[n];
        int[] s = new int[n];
        for (int k = 0; k < n; k++) {
            t[k] = in.get("times").get(k).asDouble() * 1000.0;
            s[k] = in.get("sources").get(k).asInt();
        }
        return new Spikes(t, s);
    }

    static void assertSpikes(JsonNode expected, Spikes actual, String what) {
        assertEquals(expected.get("times").size(), actual.size(), what + ": spike count");
        for (int k = 0; k < actual.size(); k++) {
            assertEquals(expected.get("times").get(k).asDouble() * 1000.0, actual.times()[k], 1e-9,
                    what + ": spike " + k);
            assertEquals(expected.get("sources").get(k).asInt(), actual.sources()[k], what + ": source " + k);
        }
    }

    @Test
    void hiddenAndOutputSpikesMatchReference() throws IOException {
        JsonNode root = load();
        FFEvNN net = new FFEvNN(new LIF(), 5,
                List.of(layer(matrix(root.get("W_hidden"))), layer(matrix(root.get("W_out")))),
                SimOptions.of(1000.0), 1);
        JsonNode inputs = root.get("inputs");
        JsonNode fwd = root.get("forward");
        for (int b = 0; b < inputs.size(); b++) {
            Trace tr = net.simulate(input(inputs.get(b)));
            assertSpikes(fwd.get("hidden_spikes").get(b), tr.spikes(0), "sample " + b + " hidden");
            assertSpikes(fwd.get("output_spikes").get(b), tr.spikes(1), "sample " + b + " output");
            double[] first = tr.output().firstTimes(3, Double.POSITIVE_INFINITY);
            for (int k = 0; k < 3; k++) {
                JsonNode e = fwd.get("output_first_spike_times").get(b).get(k);
                assertEquals(e.isNull() ? Double.POSITIVE_INFINITY : e.asDouble() * 1000.0, first[k], 1e-9);
            }
        }
    }

    @Test
    void findsTheSpikeTheReferenceSimulatorLoses() throws IOException {
        JsonNode bug = load().get("peer_bug_case");
        FFEvNN net = new FFEvNN(new LIF(), 5, List.of(layer(matrix(bug.get("W_hidden")))), SimOptions.of(1000.0), 1);
        Trace tr = net.simulate(input(bug.get("input")));
        double[] n0 = tr.output().of(bug.get("neuron").asInt());
        JsonNode exact = bug.get("exact_spike_times_neuron0");
        assertEquals(exact.size(), n0.length);
        for (int k = 0; k < n0.length; k++) {
            assertEquals(exact.get(k).asDouble() * 1000.0, n0[k], 1e-9);
        }
        assertEquals(bug.get("exact_n_spikes").asInt(), tr.output().size());
    }
}
