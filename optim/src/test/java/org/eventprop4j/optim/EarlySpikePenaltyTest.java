package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlySpikePenaltyTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void valueAndErrors(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        EarlySpikePenalty pen = new EarlySpikePenalty(0.1 + rng.nextDouble(), 2 + 10 * rng.nextDouble());
        Trace tr = Traces.of(Traces.random(rng, 4, 0.2));
        Traces.assertFd(pen.spikeErrors(tr), Traces.fd(tr, pen::value, 1e-3), pen.value(tr), 1e-3, 1e-7,
                "seed " + seed);
        double r = 0;
        for (double t : tr.output().times()) {
            r += Math.exp(-t / pen.tau());
        }
        assertEquals(pen.strength() * r, pen.value(tr), 1e-14);
    }
}
