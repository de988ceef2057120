package org.eventprop4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.LIF;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specialised polynomial LIF kernel agrees with the general closed form (same spikes, times to 1e-11 ms) on
 * seeded random layers with integer tau ratios 2..8, biases of both signs, repeated firing and simultaneous inputs.
 */
class LifPolynomialKernelTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void kernelAgreesWithGeneralClosedForm(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = 2 + rng.nextInt(7);
        double ts = 1.0 + 9.0 * rng.nextDouble();
        double tm = k * ts;
        int fanIn = 1 + rng.nextInt(6);
        int size = 1 + rng.nextInt(12);
        double tEnd = 20.0 + 100.0 * rng.nextDouble();
        double[] w = new double[fanIn * size];
        for (int q = 0; q < w.length; q++) {
            w[q] = rng.nextDouble() * 4.0 - 1.0;
        }
        double[][] p = new double[4][size];
        Arrays.fill(p[LIF.TAU_SYN], ts);
        Arrays.fill(p[LIF.TAU_MEM], tm);
        for (int i = 0; i < size; i++) {
            p[LIF.BIAS][i] = rng.nextDouble() * 2.4 - 1.0;
            p[LIF.THRESH][i] = 0.3 + rng.nextDouble();
        }
        int nIn = rng.nextInt(30);
        double[] times = new double[nIn];
        int[] src = new int[nIn];
        for (int q = 0; q < nIn; q++) {
            times[q] = q > 0 && rng.nextInt(5) == 0 ? times[q - 1] : rng.nextDouble() * tEnd * 0.8;
            src[q] = rng.nextInt(fanIn);
        }
        double[][] per = new double[fanIn][];
        for (int j = 0; j < fanIn; j++) {
            final int jj = j;
            per[j] = java.util.stream.IntStream.range(0, nIn).filter(q -> src[q] == jj).mapToDouble(q -> times[q])
                    .sorted().toArray();
        }
        Spikes in = Spikes.merge(per, null);
        SimOptions opts = SimOptions.of(tEnd);
        assertTrue(LifPolynomialKernel.ratio(p, size) == k);
        LayerTrace fast = new LayerSimulator(new LIF(), opts, true)
                .run(0, in, w, size, p, new EventBudget(1_000_000));
        LayerTrace general = new LayerSimulator(new LIF(), opts, false)
                .run(0, in, w, size, p, new EventBudget(1_000_000));
        assertEquals(general.output().size(), fast.output().size(), "spike count");
        for (int q = 0; q < fast.output().size(); q++) {
            assertEquals(general.output().times()[q], fast.output().times()[q], 1e-11, "spike " + q);
            assertEquals(general.output().sources()[q], fast.output().sources()[q], "source of spike " + q);
            assertEquals(general.preSpikeStates()[2 * q + 1], fast.preSpikeStates()[2 * q + 1], 1e-10);
            assertEquals(general.preSpikeStates()[2 * q], fast.preSpikeStates()[2 * q], 1e-10);
        }
    }
}
