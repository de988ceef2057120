package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.core.testing.WpReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TtfsCrossEntropyTest {

    static Stream<Arguments> seeds() {
        return LongStream.range(0, 40).mapToObj(s -> Arguments.of(s));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void spikeErrorsMatchFiniteDifferences(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(4);
        int label = rng.nextInt(n);
        double tau0 = 0.5 + 4 * rng.nextDouble();
        double tau1 = 5 + 20 * rng.nextDouble();
        double alpha = 0.01 * rng.nextDouble();
        TtfsCrossEntropy loss = new TtfsCrossEntropy(n, alpha, tau0, tau1, 60.0);
        Trace tr = Traces.of(Traces.random(rng, n, 0.3, label));
        LossEval e = loss.evaluate(tr, label);
        assertFalse(e.hasSilentTargets());
        Traces.assertFd(e.spikeErrors(), Traces.fd(tr, t -> loss.value(t, label), 1e-3), e.value(), 1e-3, 1e-7,
                "seed " + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void silentLabelGivesFinitePenaltyAndExactErrorsOfOthers(long seed) {
        SplittableRandom rng = new SplittableRandom(seed + 1000);
        int n = 2 + rng.nextInt(4);
        int label = rng.nextInt(n);
        double tLate = 45.0;
        TtfsCrossEntropy loss = new TtfsCrossEntropy(n, 0.003, 0.5 + rng.nextDouble(), 6.4, tLate);
        double[][] spikes = Traces.random(rng, n, 0.3);
        spikes[label] = new double[0];
        Trace tr = Traces.of(spikes);
        LossEval e = loss.evaluate(tr, label);
        assertArrayEquals(new int[]{label}, e.silentTargets());
        assertTrue(Double.isFinite(e.value()));
        for (double d : e.spikeErrors()) {
            assertTrue(Double.isFinite(d));
        }
        // the value is the loss with every silent output (the label included) firing at tLate; errors are its
        // exact derivatives
        double[][] withLate = spikes.clone();
        for (int k = 0; k < n; k++) {
            if (withLate[k].length == 0) {
                withLate[k] = new double[]{tLate};
            }
        }
        assertEquals(loss.value(Traces.of(withLate), label), e.value(), 1e-12 * Math.abs(e.value()));
        Traces.assertFd(e.spikeErrors(), Traces.fd(tr, t -> loss.value(t, label), 1e-3), e.value(), 1e-3, 1e-7,
                "seed " + seed);
        // firing at any time <= tLate is never worse than silence (L increases with t_label)
        for (int q = 0; q < 20; q++) {
            double[][] fired = spikes.clone();
            fired[label] = new double[]{1e-2 + rng.nextDouble() * (tLate - 2e-2)};
            assertTrue(loss.value(Traces.of(fired), label) <= e.value(), "label at " + fired[label][0]);
        }
    }

    @Test
    void handComputedValueAndErrors() {
        // outputs: neuron 0 at 10 ms (and again at 12), neuron 1 at 11 ms, neuron 2 silent; label 1
        Trace tr = Traces.of(new double[]{10, 12}, new double[]{11}, new double[0]);
        double tau0 = 1.0;
        double tau1 = 10.0;
        double alpha = 0.5;
        TtfsCrossEntropy loss = new TtfsCrossEntropy(3, alpha, tau0, tau1, 50);
        // L = -log(e^{-11} / (e^{-10} + e^{-11})) + 0.5 (e^{1.1} - 1) = log(1 + e) + 0.5 (e^{1.1} - 1)
        double expected = Math.log(1 + Math.E) + 0.5 * (Math.exp(1.1) - 1);
        LossEval e = loss.evaluate(tr, 1);
        assertEquals(expected, e.value(), 1e-14);
        double p0 = Math.E / (1 + Math.E);
        double p1 = 1 / (1 + Math.E);
        // spikes in time order: 10@0, 11@1, 12@0
        assertEquals(-p0, e.spikeErrors()[0], 1e-14);
        assertEquals(1 - p1 + 0.5 / 10 * Math.exp(1.1), e.spikeErrors()[1], 1e-14);
        assertEquals(0.0, e.spikeErrors()[2]);
        assertEquals(0, e.silentTargets().length);
        // forLabel: the SpikeLoss view agrees
        assertEquals(expected, loss.forLabel(1).value(tr), 0.0);
        assertArrayEquals(e.spikeErrors(), loss.forLabel(1).spikeErrors(tr), 0.0);
    }

    @Test
    void allSilentAndSmallTau0StayFinite() {
        TtfsCrossEntropy loss = TtfsCrossEntropy.wunderlichPehle(3, 100.0);
        assertEquals(100.5, loss.tLate(), 0.0);
        LossEval e = loss.evaluate(Traces.of(Spikes.empty()), 2);
        // all outputs count as firing at tLate: chance-level cross-entropy log(3) plus alpha (e^{tLate/tau1} - 1)
        assertEquals(Math.log(3) + 0.003 * Math.expm1(100.5 / 6.4), e.value(), 1e-9);
        // times far apart relative to tau0 = 0.5 ms: e^{-200} would underflow without log-sum-exp
        LossEval f = loss.evaluate(Traces.of(new double[]{1.0}, new double[]{99.0}, new double[0]), 1);
        assertEquals(98.0 / 0.5 + 0.003 * Math.expm1(99.0 / 6.4), f.value(), 1e-9);
        assertTrue(Double.isFinite(f.spikeErrors()[0]) && Double.isFinite(f.spikeErrors()[1]));
    }

    @Test
    void rejectsBadArguments() {
        TtfsCrossEntropy loss = new TtfsCrossEntropy(2, 0.0, 1, 1, 10);
        assertThrows(IllegalArgumentException.class, () -> loss.evaluate(Traces.of(new double[]{1}), 2));
        assertThrows(IllegalArgumentException.class,
                () -> loss.evaluate(Traces.of(new double[]{1}, new double[0], new double[]{2}), 0));
        assertThrows(IllegalArgumentException.class, () -> new TtfsCrossEntropy(2, 0.1, 0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new TtfsCrossEntropy(2, 0.1, 1, 0.01, 1e4));
    }

    /** W&amp;P per-sample losses and output spike errors (seconds converted to ms; errors of the batch mean). */
    @Test
    void matchesWunderlichPehleReference() throws IOException {
        JsonNode root = WpReference.load();
        JsonNode fwd = root.get("forward");
        for (String name : new String[]{"ttfs_default", "ttfs_yinyang_paper"}) {
            JsonNode cs = root.get("cases").get(name);
            JsonNode lp = cs.get("loss_params");
            TtfsCrossEntropy loss = new TtfsCrossEntropy(3, lp.get("alpha").asDouble(),
                    lp.get("tau0").asDouble() * 1000, lp.get("tau1").asDouble() * 1000, 1000);
            for (int b = 0; b < root.get("labels").size(); b++) {
                int label = root.get("labels").get(b).asInt();
                // from the first-spike times (null = silent) ...
                JsonNode ft = fwd.get("output_first_spike_times").get(b);
                double[][] firsts = new double[3][];
                for (int k = 0; k < 3; k++) {
                    firsts[k] = ft.get(k).isNull() ? new double[0] : new double[]{ft.get(k).asDouble() * 1000};
                }
                double expected = cs.get("per_sample_loss").get(b).asDouble();
                assertEquals(expected, loss.value(Traces.of(firsts), label), 1e-12 * expected, name + " sample " + b);
                // ... and from the full output spike list, with its dL/dt (1/s -> 1/ms)
                JsonNode os = fwd.get("output_spikes").get(b);
                double[] t = new double[os.get("times").size()];
                int[] s = new int[t.length];
                double[] ref = new double[t.length];
                for (int q = 0; q < t.length; q++) {
                    t[q] = os.get("times").get(q).asDouble() * 1000;
                    s[q] = os.get("sources").get(q).asInt();
                    // the file lists d(mean loss)/dt in 1/s: times the batch size for the sample's own loss, / 1000 for ms
                    ref[q] = cs.get("output_spike_errors_dL_dt").get(b).get(q).asDouble() * root.get("labels").size()
                            / 1000;
                }
                LossEval e = loss.evaluate(Traces.of(new Spikes(t, s)), label);
                assertEquals(expected, e.value(), 1e-12 * expected, name + " sample " + b);
                Traces.assertClose(ref, e.spikeErrors(), 1e-9, name + " sample " + b + " dL/dt");
            }
        }
    }
}
