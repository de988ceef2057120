package org.eventprop4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.examples.bench.ForwardBenchmark;
import org.eventprop4j.examples.bench.ToleranceStudy;
import org.eventprop4j.optim.TtfsCrossEntropy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each numerical model's training tolerance ({@link ModelPresets.Preset#tolerance()}) keeps the EventProp gradient of
 * every sample within 1e-4 of the same network's gradient at tolerance 1e-11, relative to that sample's largest entry
 * (5-30-3 Yin-Yang networks of the preset, every weight and parameter, TTFS loss). The 1e-11 gradients agree with
 * finite differences to 1e-5 (the model gradient tests), so this is the accuracy training gets. Inputs come from
 * seed 42 (printed on failure).
 */
class PresetToleranceTest {

    static Stream<String> models() {
        return Stream.of("qif", "eif", "alif", "izhikevich", "funky");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void trainingToleranceKeepsEverySamplesGradientWithin1e4(String model) {
        int n = 20;
        long seed = 42;
        List<double[][]> in = ForwardBenchmark.inputs(n, seed);
        FFEvNN net = ModelPresets.builder(model, null, 30, 3, 1).threads(1).build();
        FFEvNN ref = new FFEvNN(net.model(), 5, net.layers(), net.options().withTolerance(1e-11), 1);
        TtfsCrossEntropy loss = TtfsCrossEntropy.wunderlichPehle(3, net.options().maxSolverTime());
        ToleranceStudy.Worst w = ToleranceStudy.worstSample(
                ToleranceStudy.sampleGradients(net, net.simulateBatch(in), loss),
                ToleranceStudy.sampleGradients(ref, ref.simulateBatch(in), loss));
        assertTrue(w.error() <= 1e-4, model + " at tolerance " + net.options().tolerance() + ": sample " + w.sample()
                + " (inputs seed " + seed + ") has a gradient error of " + w.error() + " of its largest entry");
    }
}
