package org.eventprop4j.examples.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.optim.train.TrainResult;
import org.eventprop4j.optim.train.Trainer;
import org.junit.jupiter.api.Test;

/** The regression example learns: its validation loss falls by at least 10x in 10 epochs (seed 0). */
class SpikeTimeRegressionTest {

    @Test
    void spikeTimeRegressionLearns() {
        Dataset val = SpikeTimeRegression.data(100, 2);
        double before = Trainer.evaluate(SpikeTimeRegression.network(0), val, SpikeTimeRegression.loss()).meanLoss();
        TrainResult r = SpikeTimeRegression.train(10, 0, null);
        double after = Trainer.evaluate(r.net(), val, SpikeTimeRegression.loss()).meanLoss();
        System.out.println("SpikeTimeRegressionTest: validation loss " + before + " -> " + after + " ms^2");
        assertTrue(after * 10 <= before, "loss " + before + " -> " + after);
        assertTrue(Double.isNaN(r.last().trainAccuracy()), "a regression run has no accuracy");
        assertTrue(after < 2.0, "targets within ~1.4 ms RMS: " + after);
    }
}
