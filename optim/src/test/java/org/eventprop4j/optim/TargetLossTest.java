package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.GradientCheck;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.autodiff.SpikeLoss;
import org.eventprop4j.core.model.LI;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.optim.train.TrainConfig;
import org.eventprop4j.optim.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression losses: {@link SpikeTimeMse} and {@link VoltageMse} have exact gradients (EventProp against central
 * finite differences on every weight and trainable parameter), reject bad targets, and {@link VoltageMse} trains an
 * LI readout to track a target voltage trace.
 */
class TargetLossTest {

    static FFEvNN lifNet(long seed) {
        return FFEvNN.builder(new LIF()).layers(8, 2).inSize(3).maxSolverTime(50).seed(seed)
                .gaussianWeights(0, 2.0, 0.8).gaussianWeights(1, 1.3, 0.4).threads(1).build();
    }

    static FFEvNN liNet(long seed) {
        return FFEvNN.builder(new LIF()).layers(8, 2).layerModel(1, new LI()).inSize(3).maxSolverTime(50)
                .seed(seed).gaussianWeights(0, 2.0, 0.8).gaussianWeights(1, 0.3, 0.5).threads(1).build();
    }

    static double[][] input(long seed) {
        return MixedModelGradientTest.input(new SplittableRandom(seed), 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void spikeTimeMseGradientsMatchFiniteDifferences(long seed) {
        FFEvNN net = lifNet(seed);
        double[][] in = input(seed);
        SpikeTimeMse loss = new SpikeTimeMse(2, 50);
        double[] target = {22.0, Double.NaN};                     // neuron 1 unconstrained
        Trace tr = net.simulate(in);
        assertTrue(tr.output().size() > 0, "outputs should fire");
        SpikeLoss view = new SpikeLoss() {
            @Override
            public double value(Trace t) {
                return loss.evaluate(t, target).value();
            }

            @Override
            public double[] spikeErrors(Trace t) {
                return loss.evaluate(t, target).spikeErrors();
            }
        };
        GradientCheck.Report r = new GradientCheck(net, List.<double[][]>of(in), view).run();
        System.out.println("TargetLossTest.spikeTimeMse seed " + seed + ": worst " + r.worstError());
        assertTrue(r.worstError() < 1e-5, r.table());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void voltageMseGradientsMatchFiniteDifferences(long seed) {
        FFEvNN net = liNet(seed);
        double[][] in = input(seed);
        double[] times = {10, 20, 30, 45};
        VoltageMse loss = new VoltageMse(2, times, LIF.V).bindTo(net);
        double[] target = {0.1, 0.3, 0.2, 0.0, Double.NaN, -0.2, 0.5, 0.1};
        Trace tr = net.simulate(in);
        LossEval ev = loss.evaluate(tr, target);
        Gradients g = new EventProp(net).backward(tr, ev.spikeErrors(), ev.stateTimes(), ev.stateErrors());
        double err = MixedModelGradientTest.check(net, g, () -> loss.evaluate(net.simulate(in), target).value(),
                1e-6);
        assertTrue(err < 1e-5, "seed " + seed + ": " + err);
        // the weights-only pass (what the Trainer uses when only weights train) gives the same weight gradients
        Gradients w = new Gradients(net);
        new EventProp(net).weightsOnly().accumulate(tr, ev.spikeErrors(), null, ev.stateTimes(), ev.stateErrors(), w);
        for (int l = 0; l < 2; l++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(g.layer(l).weights(), w.layer(l).weights(),
                    1e-12 * (1 + java.util.Arrays.stream(g.layer(l).weights()).map(Math::abs).max().orElse(0)),
                    "layer " + l);
        }
    }

    @Test
    void badTargetsAreRejectedByName() {
        FFEvNN net = liNet(1);
        Trace tr = net.simulate(input(1));
        VoltageMse v = new VoltageMse(2, new double[] {10, 20}, LIF.V);
        assertTrue(assertThrows(IllegalStateException.class, () -> v.evaluate(tr, new double[4])).getMessage()
                .contains("bindTo"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> v.bindTo(net).evaluate(tr, new double[3]))
                .getMessage().contains("expected outputs x times = 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VoltageMse(2, new double[] {20, 10}, 0))
                .getMessage().contains("sorted"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new VoltageMse(2, new double[] {10, 60}, 0).bindTo(net)).getMessage().contains("window end"));
        SpikeTimeMse s = new SpikeTimeMse(2, 50);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> s.evaluate(tr, new double[] {1, Double.POSITIVE_INFINITY})).getMessage().contains("NaN"));
        Dataset labelled = new Dataset(List.<double[][]>of(input(1)), new int[] {0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainConfig.defaults().withEpochs(1)).targetLoss(s).fit(lifNet(1), labelled, null));
        assertTrue(e.getMessage().contains("Dataset.ofTargets"), e.getMessage());
        Dataset targets = Dataset.ofTargets(List.<double[][]>of(input(1)), new double[][] {{1, 2, 3}});
        e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainConfig.defaults().withEpochs(1)).targetLoss(s).fit(lifNet(1), targets, null));
        assertTrue(e.getMessage().contains("target of length 3"), e.getMessage());
    }

    /**
     * An LI readout learns to track target voltage traces: the targets are the traces of a teacher network (same
     * hidden layer, other readout weights), so the task is realisable; the loss falls at least 10x.
     */
    @Test
    void voltageMseTrainsAnLiReadoutToTrackATrace() {
        double[] times = new double[20];
        for (int q = 0; q < times.length; q++) {
            times[q] = 2.0 * (q + 1);
        }
        FFEvNN teacher = tracker(0.6, 0.6);
        SplittableRandom r = new SplittableRandom(5);
        List<double[][]> in = new java.util.ArrayList<>();
        double[][] tg = new double[60][];
        for (int i = 0; i < 60; i++) {
            double a = 10 * r.nextDouble();
            in.add(new double[][] {{a}, {10 - a}, {0.0}});
            double[][][] y = teacher.stateAt(in.get(i), times);
            tg[i] = new double[2 * times.length];
            for (int k = 0; k < 2; k++) {
                for (int q = 0; q < times.length; q++) {
                    tg[i][k * times.length + q] = y[k][q][LIF.V];
                }
            }
        }
        Dataset data = Dataset.ofTargets(in, tg);
        FFEvNN net = tracker(0.0, 0.3);
        assertTrue(net.simulate(in.get(0)).spikes(0).size() >= 4, "the hidden layer should fire");
        VoltageMse loss = new VoltageMse(2, times, LIF.V);
        double before = Trainer.evaluate(net, data, loss).meanLoss();
        var res = new Trainer(TrainConfig.defaults().withEpochs(30).withBatchSize(10).withLr(0.01).withThreads(1))
                .targetLoss(loss).fit(net, data, null);
        double after = Trainer.evaluate(res.net(), data, loss).meanLoss();
        System.out.println("TargetLossTest.voltageMse: loss " + before + " -> " + after);
        assertTrue(after * 10 <= before, before + " -> " + after);
        assertEquals(0, res.net().simulate(in.get(0)).output().size(), "the readout never spikes");
    }

    /** 3-16-2, LIF hidden (the same for every readout) and an LI readout with weights N(mean, sd). */
    private static FFEvNN tracker(double mean, double sd) {
        return FFEvNN.builder(new LIF()).layers(16, 2).layerModel(1, new LI()).inSize(3).maxSolverTime(50)
                .seed(2).gaussianWeights(0, 4.0, 2.0).gaussianWeights(1, mean, sd).threads(1).build();
    }
}
