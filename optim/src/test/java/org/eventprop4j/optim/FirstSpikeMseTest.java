package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FirstSpikeMseTest {

    static Stream<Arguments> seeds() {
        return LongStream.range(0, 30).mapToObj(s -> Arguments.of(s));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void spikeErrorsMatchFiniteDifferences(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(4);
        int label = rng.nextInt(n);
        double[][] targets = new double[n][n];
        for (double[] row : targets) {
            for (int k = 0; k < n; k++) {
                row[k] = 40 * rng.nextDouble();
            }
        }
        FirstSpikeMse loss = new FirstSpikeMse(targets, 50);
        Trace tr = Traces.of(Traces.random(rng, n, 0.3));
        LossEval e = loss.evaluate(tr, label);
        Traces.assertFd(e.spikeErrors(), Traces.fd(tr, t -> loss.value(t, label), 1e-3), e.value(), 1e-3, 1e-7,
                "seed " + seed);
    }

    @Test
    void handComputedValueErrorsAndSilentNeurons() {
        // targets: label 0 -> (5, 20, 20); tLate = 30
        FirstSpikeMse loss = FirstSpikeMse.trueFalse(3, 5, 20, 30);
        // neuron 0 fires at 7 and 9, neuron 1 silent, neuron 2 at 18
        Trace tr = Traces.of(new double[]{7, 9}, new double[0], new double[]{18});
        LossEval e = loss.evaluate(tr, 0);
        // ((7-5)^2 + (30-20)^2 + (18-20)^2) / 3 = 108 / 3
        assertEquals(36.0, e.value(), 1e-14);
        // spikes in time order: 7@0, 9@0, 18@2
        assertArrayEquals(new double[]{2.0 * 2 / 3, 0.0, 2.0 * -2 / 3}, e.spikeErrors(), 1e-14);
        // neuron 1's target (20) is before tLate: it should fire
        assertArrayEquals(new int[]{1}, e.silentTargets());
        assertTrue(e.isSilentTarget(1));
        assertFalse(e.isSilentTarget(0), "the label neuron fired");
        // with tFalse >= tLate, silent wrong classes are fine and cost (tLate - tFalse)^2 / n
        FirstSpikeMse lenient = FirstSpikeMse.trueFalse(3, 5, 30, 30);
        LossEval f = lenient.evaluate(tr, 0);
        assertEquals(0, f.silentTargets().length);
        assertEquals((4 + 0 + 144) / 3.0, f.value(), 1e-14);
        // a silent label neuron is a silent target
        assertArrayEquals(new int[]{0}, lenient.evaluate(Traces.of(new double[0], new double[]{3}), 0)
                .silentTargets());
    }

    @Test
    void rejectsBadTargets() {
        assertThrows(IllegalArgumentException.class, () -> new FirstSpikeMse(new double[][]{{1, 2}}, 10));
        assertThrows(IllegalArgumentException.class, () -> new FirstSpikeMse(new double[][]{{-1}}, 10));
        assertThrows(IllegalArgumentException.class, () -> FirstSpikeMse.trueFalse(2, 1, Double.NaN, 10));
    }
}
