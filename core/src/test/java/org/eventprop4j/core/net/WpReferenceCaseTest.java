package org.eventprop4j.core.net;

import static org.eventprop4j.core.testing.WpReference.input;
import static org.eventprop4j.core.testing.WpReference.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.core.testing.WpReference;
import org.junit.jupiter.api.Test;

/**
 * The Wunderlich &amp; Pehle reference case ({@code shared/reference/wp-reference-case.json}, seconds converted to ms):
 * hidden and output spike trains of a 5-10-3 LIF network to 1e-9 ms, and the peer-bug case where the reference
 * simulator loses a spike that an exact simulation must find.
 */
class WpReferenceCaseTest {

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
        FFEvNN net = WpReference.network(root.get("W_hidden"), root.get("W_out"));
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
        FFEvNN net = WpReference.network(bug.get("W_hidden"));
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
