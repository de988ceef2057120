package org.eventprop4j.autodiff;

import static org.eventprop4j.core.testing.WpReference.input;
import static org.eventprop4j.core.testing.WpReference.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.core.testing.WpReference;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the Wunderlich &amp; Pehle reference case ({@code shared/reference/wp-reference-case.json}, seconds
 * converted to ms): both TTFS-loss gradient sets (d mean loss / dW_out, dW_hidden) and the single-layer
 * sum-of-spike-times gradient with its input-spike errors, to 1e-6 relative.
 */
class WpReferenceGradientTest {

    /** W&amp;P TTFS loss of one sample (times in ms, tau0/tau1 in ms): its dL/dt per output spike. */
    static double[] ttfsErrors(Trace tr, int label, double alpha, double tau0, double tau1) {
        double[] first = tr.output().firstTimes(3, Double.POSITIVE_INFINITY);
        double norm = 0;
        for (double t : first) {
            if (Double.isFinite(t)) {
                norm += Math.exp(-t / tau0);
            }
        }
        double[] dFirst = new double[3];
        for (int k = 0; k < 3; k++) {
            if (Double.isFinite(first[k])) {
                dFirst[k] = -Math.exp(-first[k] / tau0) / norm / tau0;
            }
        }
        dFirst[label] += 1 / tau0 + alpha / tau1 * Math.exp(first[label] / tau1);
        return FirstSpikes.errors(tr, dFirst);
    }

    static void assertMatrix(JsonNode expected, double[][] actual, double scale, String what) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < actual[i].length; j++) {
                max = Math.max(max, Math.abs(expected.get(i).get(j).asDouble()));
            }
        }
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < actual[i].length; j++) {
                double e = expected.get(i).get(j).asDouble() * scale;
                // 1e-6 relative; entries far below the largest one are compared at 1e-6 of it
                double tol = 1e-6 * Math.max(Math.abs(e), 1e-3 * max * scale);
                assertEquals(e, actual[i][j], tol, what + "[" + i + "][" + j + "]");
            }
        }
    }

    /** Both backward paths: the replaying adjoint (all gradients) and the replay-free weight path. */
    static List<EventProp> paths(FFEvNN net) {
        return List.of(new EventProp(net), new EventProp(net).weightsOnly());
    }

    static String via(EventProp ep) {
        return ep.computesParameterGradients() ? "" : " (weights-only path)";
    }

    @Test
    void ttfsGradientsMatchReference() throws IOException {
        JsonNode root = load();
        FFEvNN net = WpReference.network(root.get("W_hidden"), root.get("W_out"));
        for (EventProp ep : paths(net)) {
            for (String name : List.of("ttfs_default", "ttfs_yinyang_paper")) {
                JsonNode cs = root.get("cases").get(name);
                double alpha = cs.get("loss_params").get("alpha").asDouble();
                double tau0 = cs.get("loss_params").get("tau0").asDouble() * 1000.0;
                double tau1 = cs.get("loss_params").get("tau1").asDouble() * 1000.0;
                List<Trace> traces = new ArrayList<>();
                List<double[]> errors = new ArrayList<>();
                JsonNode inputs = root.get("inputs");
                for (int b = 0; b < inputs.size(); b++) {
                    Trace tr = net.simulate(input(inputs.get(b)));
                    traces.add(tr);
                    errors.add(ttfsErrors(tr, root.get("labels").get(b).asInt(), alpha, tau0, tau1));
                }
                Gradients g = ep.backwardBatch(traces, errors);
                g.scale(1.0 / inputs.size());
                assertMatrix(cs.get("grad_W_out"), g.layer(1).weightMatrix(), 1.0, name + via(ep) + " dW_out");
                assertMatrix(cs.get("grad_W_hidden"), g.layer(0).weightMatrix(), 1.0, name + via(ep) + " dW_hidden");
            }
        }
    }

    @Test
    void singleLayerSumOfSpikeTimes() throws IOException {
        JsonNode root = load();
        JsonNode ref = root.get("single_layer_sum_of_spike_times");
        FFEvNN net = WpReference.network(root.get("W_hidden"));
        for (EventProp ep : paths(net)) {
            Gradients sum = new Gradients(net);
            JsonNode inputs = root.get("inputs");
            for (int b = 0; b < inputs.size(); b++) {
                Spikes in = input(inputs.get(b));
                Trace tr = net.simulate(in);
                double[] ones = new double[tr.output().size()];
                Arrays.fill(ones, 1.0);
                Gradients g = ep.backward(tr, ones);
                // input spike errors, listed in the file in the time order of the input spikes
                for (int k = 0; k < in.size(); k++) {
                    double expected = ref.get("input_spike_errors").get(b).get(k).asDouble();
                    assertEquals(expected, g.inputErrors()[k], 1e-6 * Math.max(Math.abs(expected), 1e-3),
                            "sample " + b + " input spike " + k + via(ep));
                }
                sum.add(g);
            }
            // the objective is in seconds in the file: its gradient w.r.t. the (dimensionless) weights is 1000x in ms
            assertMatrix(ref.get("grad_W_hidden"), sum.layer(0).weightMatrix(), 1000.0, "sum-of-times dW_hidden" + via(ep));
        }
    }
}
