package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.LayerTrace;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;

class SilentLabelAndBatchTest {

    static Layer lifLayer(int fan, int size, double w) {
        double[] weights = new double[fan * size];
        Arrays.fill(weights, w);
        double[][] p = new double[4][size];
        Arrays.fill(p[LIF.TAU_SYN], 5.0);
        Arrays.fill(p[LIF.TAU_MEM], 20.0);
        Arrays.fill(p[LIF.THRESH], 1.0);
        return new Layer(fan, size, weights, p);
    }

    @Test
    void pushIncomingWeightsActsOnActivePresynapticSourcesOnly() {
        FFEvNN net = new FFEvNN(new LIF(), 2, List.of(lifLayer(2, 4, 1.0), lifLayer(4, 3, 1.0)),
                SimOptions.of(50), 1);
        Gradients g = new Gradients(net);
        // output layer received spikes from hidden neurons 0 and 2 only
        Spikes hidden = new Spikes(new double[]{1, 2, 3}, new int[]{2, 0, 2});
        Trace tr = new Trace(List.of(new LayerTrace(Spikes.empty(), hidden, new double[6], 2),
                new LayerTrace(hidden, Spikes.empty(), new double[0], 2)), 3);
        int changed = SilentLabelPolicy.pushIncomingWeights(2.0).apply(tr, new int[]{1}, 0.25, g);
        assertEquals(2, changed);
        double[] gw = g.layer(1).weights();
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 3; k++) {
                double expected = k == 1 && (j == 0 || j == 2) ? -0.5 : 0.0;
                assertEquals(expected, gw[j * 3 + k], 0.0, "dL/dW[" + j + "][" + k + "]");
            }
        }
        for (double v : g.layer(0).weights()) {
            assertEquals(0.0, v, 0.0);
        }
        assertEquals(0, SilentLabelPolicy.none().apply(tr, new int[]{1}, 1.0, g));
    }

    @Test
    void pushGoesOneLayerDownWhenTheOutputLayerGetsNoSpikes() {
        FFEvNN net = new FFEvNN(new LIF(), 2, List.of(lifLayer(2, 4, 1.0), lifLayer(4, 3, 1.0)),
                SimOptions.of(50), 1);
        Gradients g = new Gradients(net);
        // network input channel 1 spiked, the hidden layer stayed silent
        Spikes in = new Spikes(new double[]{1}, new int[]{1});
        Trace tr = new Trace(List.of(new LayerTrace(in, Spikes.empty(), new double[0], 2),
                new LayerTrace(Spikes.empty(), Spikes.empty(), new double[0], 2)), 1);
        int changed = new PushIncomingWeights(1.0).apply(tr, new int[]{2}, 1.0, g);
        assertEquals(4, changed);
        double[] gw = g.layer(0).weights();
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(j == 1 ? -1.0 : 0.0, gw[j * 4 + k], 0.0, "dL/dW0[" + j + "][" + k + "]");
            }
        }
        for (double v : g.layer(1).weights()) {
            assertEquals(0.0, v, 0.0);
        }
        // no input spike at all: nothing to push
        Trace empty = new Trace(List.of(new LayerTrace(Spikes.empty(), Spikes.empty(), new double[0], 2),
                new LayerTrace(Spikes.empty(), Spikes.empty(), new double[0], 2)), 0);
        assertEquals(0, new PushIncomingWeights(1.0).apply(empty, new int[]{0}, 1.0, new Gradients(net)));
    }

    @Test
    void metricsCountAccuracyLossAndSilentLabels() {
        TtfsCrossEntropy loss = new TtfsCrossEntropy(3, 0.0, 1.0, 10.0, 50);
        BatchLoss batch = new BatchLoss(loss, SilentLabelPolicy.none());
        List<Trace> traces = List.of(
                Traces.of(new double[]{5}, new double[]{7}, new double[0]),       // label 0: correct
                Traces.of(new double[]{5}, new double[]{5}, new double[0]),       // label 1: tie -> correct
                Traces.of(new double[]{5}, new double[]{7}, new double[0]),       // label 1: wrong
                Traces.of(new double[]{5}, new double[]{7}, new double[0]));      // label 2: silent label
        LossMetrics m = new LossMetrics();
        BatchLoss.Result r = batch.evaluate(traces, new int[]{0, 1, 1, 2}, m);
        assertEquals(4, m.samples());
        assertEquals(0.5, m.accuracy(), 0.0);
        assertEquals(1, m.silentTargetSamples());
        assertEquals(1, m.silentTargetNeurons());
        assertEquals(r.meanLoss(), m.meanLoss(), 1e-15);
        double firing = (r.evals().get(0).value() + r.evals().get(1).value() + r.evals().get(2).value()) / 3;
        assertEquals(firing, m.meanLossFiring(), 1e-15);
        assertTrue(m.meanLossFiring() < m.meanLoss(), "the silent sample's stand-in value is the largest");
        assertEquals(4, r.spikeErrors().size());
        LossMetrics other = new LossMetrics();
        other.merge(m);
        assertEquals(4, other.samples());
        m.reset();
        assertTrue(Double.isNaN(m.meanLoss()));
        assertTrue(Double.isNaN(m.meanLossFiring()));
    }

    /**
     * Under first-spike MSE a silent wrong-class neuron is a silent target (its target is before the late time) but
     * not a silent label: the epoch's silent-label count and the firing-label loss mean must not treat it as one
     * (they once counted every sample with any silent target and averaged the loss over the rest).
     */
    @Test
    void mseMetricsCountSilentLabelsNotSilentWrongClasses() {
        FirstSpikeMse loss = FirstSpikeMse.trueFalse(3, 10, 30, 50);
        BatchLoss batch = new BatchLoss(loss, SilentLabelPolicy.none());
        List<Trace> traces = List.of(
                Traces.of(new double[]{9}, new double[0], new double[0]),          // label 0 fires, 1 and 2 silent
                Traces.of(new double[]{9}, new double[]{12}, new double[0]),       // label 1 fires, 2 silent
                Traces.of(new double[]{9}, new double[0], new double[]{20}));      // label 1 silent
        LossMetrics m = new LossMetrics();
        BatchLoss.Result r = batch.evaluate(traces, new int[]{0, 1, 1}, m);
        assertEquals(3, m.silentTargetSamples(), "every sample has a silent neuron with an early target");
        assertEquals(1, m.silentLabelSamples());
        double firing = (r.evals().get(0).value() + r.evals().get(1).value()) / 2;
        assertEquals(firing, m.meanLossFiring(), 1e-15);
        assertEquals(1.0 / 3, m.accuracy(), 1e-15);             // only sample 0: neuron 0 beats label 1
    }

    /** End to end: EventProp + TTFS + silent-label push + Adam lowers the loss and wakes a silent label neuron. */
    @Test
    void trainingLowersTheLossAndFixesSilentLabels() {
        FFEvNN net = new FFEvNN(new LIF(), 2, List.of(lifLayer(2, 4, 1.6), lifLayer(4, 2, 0.3)),
                SimOptions.of(60), 1);
        // break symmetry
        for (int q = 0; q < net.layers().get(0).weights().length; q++) {
            net.layers().get(0).weights()[q] += 0.1 * q;
        }
        net.layers().get(1).weights()[0] = 1.0;   // hidden 0 -> output 0 strong; output 1 silent at first
        List<double[][]> inputs = List.of(new double[][]{{1.0}, {5.0}}, new double[][]{{5.0}, {1.0}});
        int[] labels = {0, 1};
        BatchLoss batch = new BatchLoss(TtfsCrossEntropy.forWindow(2, 0.003, 1.0, 20.0, 60),
                SilentLabelPolicy.pushIncomingWeights(1.0));
        EventProp ep = new EventProp(net);
        Optimizer opt = Adam.standard(LrSchedule.constant(0.05));
        double first = Double.NaN;
        double last = Double.NaN;
        long silentAtStart = -1;
        for (int it = 0; it < 200; it++) {
            List<Trace> traces = new ArrayList<>(net.simulateBatch(inputs));
            LossMetrics m = new LossMetrics();
            BatchLoss.Result r = batch.evaluate(traces, labels, m);
            if (it == 0) {
                first = r.meanLoss();
                silentAtStart = m.silentTargetSamples();
            }
            last = r.meanLoss();
            Gradients g = ep.backwardBatch(traces, r.spikeErrors());
            g.scale(0.5);
            batch.applySilentPolicy(traces, r, 0.5, g);
            opt.step(net, g);
            net.validate();
        }
        LossMetrics end = new LossMetrics();
        batch.evaluate(net.simulateBatch(inputs), labels, end);
        assertTrue(silentAtStart >= 1, "a label neuron starts silent: " + silentAtStart);
        assertEquals(0, end.silentTargetSamples(), "no silent label neuron after training");
        assertTrue(last < first, "loss " + first + " -> " + last);
        assertEquals(1.0, end.accuracy(), 0.0);
    }
}
