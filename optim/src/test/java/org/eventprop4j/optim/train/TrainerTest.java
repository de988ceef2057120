package org.eventprop4j.optim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.optim.FirstSpikeMse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {

    @TempDir
    Path dir;

    /**
     * Two classes told apart by the order of two input spikes: channel 0 at {@code 30 x}, channel 1 at
     * {@code 30 (1 - x)}, a bias spike at 0; class 1 iff {@code x > 0.5} (points with {@code |x - 0.5| < 0.05}
     * left out). The first output spike has to come from the neuron of the earlier input's side.
     */
    static Dataset timingProblem(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[][]> in = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = r.nextDouble();
            } while (Math.abs(x - 0.5) < 0.05);
            in.add(new double[][] {{30 * x}, {30 * (1 - x)}, {0.0}});
            labels[i] = x > 0.5 ? 1 : 0;
        }
        return new Dataset(in, labels);
    }

    static FFEvNN timingNet(long seed, int threads) {
        return FFEvNN.builder(new LIF()).layers(20, 2).inSize(3).maxSolverTime(60).seed(seed).tsyn(5).tmem(20)
                .thresh(1).gaussianWeights(0, 2.5, 1.2).gaussianWeights(1, 0.93, 0.1).threads(threads).build();
    }

    static double[] params(FFEvNN net) {
        List<Double> all = new ArrayList<>();
        for (Layer l : net.layers()) {
            for (double w : l.weights()) {
                all.add(w);
            }
            for (double[] p : l.params()) {
                for (double v : p) {
                    all.add(v);
                }
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static List<EpochMetrics> untimed(List<EpochMetrics> h) {
        return h.stream().map(EpochMetrics::withoutTime).toList();
    }

    /**
     * Learning works: from 15 % (outputs mostly silent at initialisation), 20 epochs reach at least 95 % validation
     * accuracy for at least 4 of the shuffling seeds 1-5. (Seeds 1-6 all reach 100 % here; seed 7 stalls at 72 %,
     * and 8 epochs are enough for only some seeds, so one lucky seed would prove little.)
     */
    @Test
    void learnsTheTimingProblem() {
        Dataset train = timingProblem(400, 1);
        Dataset val = timingProblem(200, 2);
        FFEvNN net = timingNet(3, 2);
        double before = Trainer.evaluate(net, val, TrainConfig.defaults().createLoss(2, 60)).accuracy();
        int learned = 0;
        StringBuilder report = new StringBuilder();
        for (long seed = 1; seed <= 5; seed++) {
            TrainConfig c = TrainConfig.defaults().withEpochs(20).withBatchSize(16).withLr(1e-2).withSeed(seed);
            TrainResult r = new Trainer(c).fit(net, train, val);
            EpochMetrics last = r.last();
            report.append(String.format(" seed %d: %.3f (train %.3f);", seed, last.valAccuracy(),
                    last.trainAccuracy()));
            if (last.valAccuracy() >= 0.95) {
                learned++;
            }
            assertTrue(r.history().get(0).trainLoss() > last.trainLoss(), "seed " + seed
                    + ": training loss did not decrease");
            for (EpochMetrics m : r.history()) {
                // the training pass is timed apart from the validation pass that follows it
                assertTrue(m.trainSeconds() > 0 && m.trainSeconds() < m.seconds(), m.toString());
            }
        }
        System.out.printf("timing problem: val accuracy %.3f before; after 20 epochs:%s%n", before, report);
        assertTrue(learned >= 4, "only " + learned + " of 5 seeds reached 95 % (from " + before + "):" + report);
        // the input network is not changed
        assertArrayEquals(params(timingNet(3, 2)), params(net));
    }

    /**
     * A loss plugged into the trainer replaces the configured one: first-spike MSE (label neuron at 10 ms, the other
     * at 40 ms) learns the timing problem too, more slowly than TTFS: in 40 epochs 4 of the shuffling seeds 1-5 reach
     * 100 % (seed 1: 68 %).
     */
    @Test
    void aPluggedInLossIsTrainedOn() {
        Dataset train = timingProblem(400, 1);
        Dataset val = timingProblem(200, 2);
        FirstSpikeMse mse = FirstSpikeMse.trueFalse(2, 10, 40, 60);
        int learned = 0;
        StringBuilder report = new StringBuilder();
        for (long seed = 1; seed <= 5; seed++) {
            TrainConfig c = TrainConfig.defaults().withEpochs(40).withBatchSize(16).withLr(1e-2).withSeed(seed);
            TrainResult r = new Trainer(c).loss(mse).fit(timingNet(3, 2), train, val);
            // the reported losses are the MSE's
            Evaluation v = Trainer.evaluate(r.net(), val, mse);
            assertEquals(v.meanLoss(), r.last().valLoss(), 1e-12);
            report.append(String.format(" seed %d: %.3f (loss %.1f -> %.1f ms^2);", seed, r.last().valAccuracy(),
                    r.history().get(0).trainLoss(), r.last().trainLoss()));
            if (r.last().valAccuracy() >= 0.95) {
                learned++;
            }
        }
        System.out.println("timing problem, first-spike MSE:" + report);
        assertTrue(learned >= 4, "only " + learned + " of 5 seeds reached 95 %:" + report);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(
                TrainConfig.defaults().withEpochs(1)).loss(FirstSpikeMse.trueFalse(3, 10, 40, 60))
                .fit(timingNet(3, 1), train, null));
        assertTrue(e.getMessage().contains("expects 3 output neurons, the network has 2"), e.getMessage());
    }

    @Test
    void sameSeedGivesBitIdenticalRunsWithOneAndTwoThreads() {
        Dataset train = timingProblem(70, 11);   // 70 = 4 batches of 16 + 6: a partial last batch
        Dataset val = timingProblem(30, 12);
        TrainConfig c = TrainConfig.defaults().withEpochs(3).withBatchSize(16).withSeed(9);
        TrainResult one = new Trainer(c.withThreads(1)).fit(timingNet(4, 1), train, val);
        TrainResult two = new Trainer(c.withThreads(2)).fit(timingNet(4, 2), train, val);
        assertEquals(1, one.net().threads());
        assertEquals(2, two.net().threads());
        assertEquals(untimed(one.history()), untimed(two.history()));
        assertArrayEquals(params(one.net()), params(two.net()));
        assertArrayEquals(params(one.bestNet()), params(two.bestNet()));
        // and a different shuffling seed gives a different run
        TrainResult other = new Trainer(c.withSeed(10)).fit(timingNet(4, 2), train, val);
        assertFalse(Arrays.equals(params(one.net()), params(other.net())));
    }

    @Test
    void inputDropoutIsThreadIndependentResumableAndChangesTheRun() throws IOException {
        Dataset train = timingProblem(70, 11);
        Dataset val = timingProblem(30, 12);
        TrainConfig c = TrainConfig.defaults().withEpochs(3).withBatchSize(16).withSeed(9);
        InputDropout d = new InputDropout(0.3);
        TrainResult one = new Trainer(c.withThreads(1)).inputDropout(d).fit(timingNet(4, 1), train, val);
        TrainResult two = new Trainer(c.withThreads(2)).inputDropout(d).fit(timingNet(4, 2), train, val);
        assertEquals(untimed(one.history()), untimed(two.history()));
        assertArrayEquals(params(one.net()), params(two.net()));
        TrainResult plain = new Trainer(c.withThreads(2)).fit(timingNet(4, 2), train, val);
        assertFalse(Arrays.equals(params(one.net()), params(plain.net())), "dropout had no effect");
        TrainResult off = new Trainer(c.withThreads(2)).inputDropout(new InputDropout(0)).fit(timingNet(4, 2), train,
                val);
        assertArrayEquals(params(plain.net()), params(off.net()), "p = 0 must be the plain run");
        // a resume with the same dropout continues the run bit for bit
        Path part = dir.resolve("dropout-part.json");
        new Trainer(c.withEpochs(2)).inputDropout(d).checkpointTo(part, Map.of()).fit(timingNet(4, 2), train, val);
        TrainResult resumed = new Trainer(c.withThreads(1)).inputDropout(d).resume(Checkpoint.read(part, 1), train,
                val);
        assertArrayEquals(params(one.net()), params(resumed.net()));
    }

    @Test
    void inputDropoutDrawsPerSampleAndEpoch() {
        double[][] in = new double[200][];
        for (int c = 0; c < in.length; c++) {
            in[c] = new double[] {c * 0.1};
        }
        InputDropout d = new InputDropout(0.25);
        double[][] a = d.apply(in, 5, 0, 17);
        assertArrayEquals(a, d.apply(in, 5, 0, 17), "same seed, epoch and sample: same draw");
        int kept = 0;
        for (double[] s : a) {
            kept += s.length;
        }
        assertTrue(kept > 120 && kept < 180, "kept " + kept + " of 200 at p = 0.25");
        assertFalse(Arrays.deepEquals(a, d.apply(in, 5, 1, 17)), "another epoch draws anew");
        assertFalse(Arrays.deepEquals(a, d.apply(in, 5, 0, 18)), "another sample draws anew");
        assertEquals(1, in[3].length, "the input is not modified");
        assertTrue(new InputDropout(0).apply(in, 5, 0, 17) == in);
        for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InputDropout(bad));
            assertTrue(e.getMessage().contains("input dropout"), e.getMessage());
        }
    }

    @Test
    void resumeReproducesTheUninterruptedRunBitForBit() throws IOException {
        Dataset train = timingProblem(50, 21);
        Dataset val = timingProblem(20, 22);
        TrainConfig c = TrainConfig.defaults().withEpochs(4).withBatchSize(16).withSeed(3).withThreads(2);
        Path full = dir.resolve("full.json");
        TrainResult whole = new Trainer(c).checkpointTo(full, Map.of("k", "v")).fit(timingNet(6, 2), train, val);

        Path part = dir.resolve("part.json");
        new Trainer(c.withEpochs(2)).checkpointTo(part, Map.of("k", "v")).fit(timingNet(6, 2), train, val);
        Checkpoint cp = Checkpoint.read(part, 1);
        assertEquals(2, cp.epochsDone());
        assertEquals("v", cp.meta().get("k"));
        Path part2 = dir.resolve("part2.json");
        TrainResult resumed = new Trainer(c.withThreads(1)).checkpointTo(part2, cp.meta()).resume(cp, train, val);

        assertArrayEquals(params(whole.net()), params(resumed.net()));
        assertArrayEquals(params(whole.bestNet()), params(resumed.bestNet()));
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        assertEquals(untimed(whole.history()), untimed(resumed.history()));
        // the checkpoints at the end agree too (parameters, optimiser state, history)
        Checkpoint a = Checkpoint.read(full, 1);
        Checkpoint b = Checkpoint.read(part2, 1);
        assertArrayEquals(a.optimizerState(), b.optimizerState());
        assertArrayEquals(params(a.net()), params(b.net()));
        assertArrayEquals(params(a.net()), params(whole.net()));
        assertEquals(untimed(a.history()), untimed(b.history()));
        // the checkpoint's "net" is a plain evnn-net/1 object
        assertTrue(Files.readString(full).contains("\"format\" : \"evnn-net/1\""));
    }

    @Test
    void resumeRefusesAChangedHyperparameter() throws IOException {
        Dataset train = timingProblem(20, 31);
        TrainConfig c = TrainConfig.defaults().withEpochs(1).withBatchSize(10).withThreads(1);
        Path f = dir.resolve("cp.json");
        new Trainer(c).checkpointTo(f, Map.of()).fit(timingNet(1, 1), train, null);
        Checkpoint cp = Checkpoint.read(f, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(c.withEpochs(2).withLr(1e-3)).resume(cp, train, null));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
    }

    @Test
    void hiddenSpikePenaltyThinsHiddenActivityAndIsCheckpointed() throws IOException {
        Dataset train = timingProblem(400, 1);
        Dataset val = timingProblem(200, 2);
        TrainConfig c = TrainConfig.defaults().withEpochs(8).withBatchSize(16).withLr(1e-2).withSeed(5).withThreads(1);
        TrainResult plain = new Trainer(c).fit(timingNet(3, 1), train, val);
        Path f = dir.resolve("penalty.json");
        TrainConfig pc = c.withHiddenPenalty(0.5, 20);
        TrainResult pen = new Trainer(pc).checkpointTo(f, Map.of()).fit(timingNet(3, 1), train, val);
        double before = plain.history().get(0).hiddenSpikesPerSample();
        System.out.printf("hidden spikes per sample: %.1f in epoch 1; after %d epochs %.1f without, %.1f with the "
                        + "penalty (val accuracy %.3f / %.3f)%n", before, c.epochs(),
                plain.last().hiddenSpikesPerSample(), pen.last().hiddenSpikesPerSample(),
                plain.last().valAccuracy(), pen.last().valAccuracy());
        // (a penalty this strong also costs accuracy on this small problem, which starts near silence)
        assertTrue(pen.last().hiddenSpikesPerSample() < 0.85 * plain.last().hiddenSpikesPerSample(),
                "the penalty did not thin hidden activity");
        // the checkpoint keeps it, and a resume must not change it
        Checkpoint cp = Checkpoint.read(f, 1);
        assertEquals(pc, cp.config());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(c.withEpochs(7)).resume(cp, train, val));
        assertTrue(e.getMessage().contains("hidden-spike penalty"), e.getMessage());
    }

    @Test
    void earlyStoppingStopsAndNeedsValidationData() {
        Dataset train = timingProblem(40, 41);
        Dataset val = timingProblem(20, 42);
        // a learning rate so small that the validation accuracy cannot improve: stops after 1 + patience epochs
        TrainConfig c = TrainConfig.defaults().withEpochs(10).withBatchSize(20).withLr(1e-12).withPatience(2)
                .withThreads(1);
        TrainResult r = new Trainer(c).fit(timingNet(2, 1), train, val);
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.history().size());
        assertEquals(1, r.bestEpoch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(c).fit(timingNet(2, 1), train, null));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
    }

    static Stream<Arguments> badConfigs() {
        TrainConfig d = TrainConfig.defaults();
        return Stream.of(
                Arguments.of("lr 0", (UnaryOperator<TrainConfig>) c -> c.withLr(0), "learning rate"),
                Arguments.of("lr -1", (UnaryOperator<TrainConfig>) c -> c.withLr(-1), "learning rate"),
                Arguments.of("lr NaN", (UnaryOperator<TrainConfig>) c -> c.withLr(Double.NaN), "learning rate"),
                Arguments.of("batch 0", (UnaryOperator<TrainConfig>) c -> c.withBatchSize(0), "batch size"),
                Arguments.of("epochs 0", (UnaryOperator<TrainConfig>) c -> c.withEpochs(0), "epochs"),
                Arguments.of("unknown loss", (UnaryOperator<TrainConfig>) c -> c.withLoss("hinge"), "unknown loss"),
                Arguments.of("tau0 0", (UnaryOperator<TrainConfig>) c -> c.withTtfs(0.003, 0, 6.4), "tau0"),
                Arguments.of("alpha -1", (UnaryOperator<TrainConfig>) c -> c.withTtfs(-1, 0.5, 6.4), "alpha"),
                Arguments.of("decay 0", (UnaryOperator<TrainConfig>) c -> c.withLrDecay(0), "decay"),
                Arguments.of("patience -1", (UnaryOperator<TrainConfig>) c -> c.withPatience(-1), "patience"),
                Arguments.of("threads -1", (UnaryOperator<TrainConfig>) c -> c.withThreads(-1), "threads"),
                Arguments.of("push -1", (UnaryOperator<TrainConfig>) c -> c.withSilentPush(-1), "push"),
                Arguments.of("hidden penalty NaN", (UnaryOperator<TrainConfig>) c -> c.withHiddenPenalty(Double.NaN, 20),
                        "hidden-spike penalty"),
                Arguments.of("hidden penalty tau 0", (UnaryOperator<TrainConfig>) c -> c.withHiddenPenalty(0.1, 0),
                        "hidden-spike penalty tau"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void invalidHyperparametersAreRejectedByName(String name, UnaryOperator<TrainConfig> change, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(TrainConfig.defaults()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void wunderlichPehleDefaults() {
        TrainConfig d = TrainConfig.defaults();
        assertEquals(100, d.epochs());
        assertEquals(32, d.batchSize());
        assertEquals(5e-3, d.lr());
        assertEquals(0.9, d.beta1());
        assertEquals(0.999, d.beta2());
        assertEquals(1e-8, d.eps());
        assertEquals(0.95, d.lrDecay());
        assertEquals(0.003, d.alpha());
        assertEquals(0.5, d.tau0());
        assertEquals(6.4, d.tau1());
        assertEquals(0, d.patience());
        // the one documented deviation from W&P (who drop silent-label samples): a push of 0.3 (see TrainConfig)
        assertEquals(0.3, d.silentPush());
        assertEquals(0.3, ((org.eventprop4j.optim.PushIncomingWeights) d.createSilentPolicy()).strength());
        assertEquals(0, d.withSilentPush(0).createSilentPolicy().apply(null, new int[]{0}, 1.0, null));
    }

    @Test
    void corruptTruncatedOrMissingCheckpointsGiveClearErrors() throws IOException {
        Dataset train = timingProblem(20, 51);
        Path f = dir.resolve("cp.json");
        new Trainer(TrainConfig.defaults().withEpochs(1).withBatchSize(10).withThreads(1)).checkpointTo(f, Map.of())
                .fit(timingNet(1, 1), train, null);
        String text = Files.readString(f);
        assertNotNull(Checkpoint.read(f, 1));

        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.read(truncated, 1));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "\u0000\u0001 not json");
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(garbage, 1));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());

        Path noOpt = dir.resolve("no-optimizer.json");
        Files.writeString(noOpt, text.replace("\"optimizer\"", "\"optimiser\""));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(noOpt, 1));
        assertTrue(e.getMessage().contains("optimizer"), e.getMessage());

        Path badNet = dir.resolve("bad-net.json");
        Files.writeString(badNet, text.replaceFirst("\"tau_mem\" : \\[ [0-9.]+", "\"tau_mem\" : [ -1.0"));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(badNet, 1));
        assertTrue(e.getMessage().contains("tau_mem"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir.resolve("missing.json"), 1));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());

        // unknown keys are errors with a hint, at every level, never silently ignored
        String[][] unknown = {
            {"\"epochs_done\"", "\"epochs_don\" : 1, \"epochs_done\"", "trainer: unknown key \"epochs_don\" (did you "
                + "mean \"epochs_done\"?)"},
            {"\"batch_size\"", "\"batchsize\" : 3, \"batch_size\"", "trainer.config: unknown key \"batchsize\" (did "
                + "you mean \"batch_size\"?)"},
            {"\"trainer\"", "\"extra\" : 1, \"trainer\"", "unknown key \"extra\"; known keys: format, net, trainer"},
            {"\"max_solver_time\"", "\"solver_step_size\" : 0.1, \"max_solver_time\"",
                "unknown key \"solver_step_size\" (did you mean \"solver_stepsize\"?)"},
            {"\"train_loss\"", "\"tain_loss\" : 1, \"train_loss\"", "trainer.history[0]: unknown key \"tain_loss\""},
        };
        for (String[] u : unknown) {
            Path bad = dir.resolve("unknown.json");
            Files.writeString(bad, text.replaceFirst(java.util.regex.Pattern.quote(u[0]),
                    java.util.regex.Matcher.quoteReplacement(u[1])));
            e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(bad, 1), u[1]);
            assertTrue(e.getMessage().contains(u[2]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void checkpointWriteIntoAMissingFolderFailsWithoutLeavingFiles() {
        Dataset train = timingProblem(20, 61);
        Path f = dir.resolve("no-such-folder").resolve("cp.json");
        Trainer t = new Trainer(TrainConfig.defaults().withEpochs(1).withBatchSize(10).withThreads(1))
                .checkpointTo(f, Map.of());
        assertThrows(RuntimeException.class, () -> t.fit(timingNet(1, 1), train, null));
        assertFalse(Files.exists(f.getParent()));
    }

    @Test
    void permutationDependsOnlyOnSeedAndEpoch() {
        int[] a = Trainer.permutation(100, 7, 3);
        assertArrayEquals(a, Trainer.permutation(100, 7, 3));
        assertFalse(Arrays.equals(a, Trainer.permutation(100, 7, 4)));
        assertFalse(Arrays.equals(a, Trainer.permutation(100, 8, 3)));
        int[] s = a.clone();
        Arrays.sort(s);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, s[i]);
        }
    }

    @Test
    void labelsOutOfRangeAreRejected() {
        List<double[][]> one = new ArrayList<>();
        one.add(new double[][] {{1.0}, {2.0}, {0.0}});
        Dataset bad = new Dataset(one, new int[] {2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainConfig.defaults().withEpochs(1)).fit(timingNet(1, 1), bad, null));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }
}
