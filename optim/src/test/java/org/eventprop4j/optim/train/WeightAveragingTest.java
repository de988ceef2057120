package org.eventprop4j.optim.train;

import static org.eventprop4j.optim.train.TrainerTest.params;
import static org.eventprop4j.optim.train.TrainerTest.timingNet;
import static org.eventprop4j.optim.train.TrainerTest.timingProblem;
import static org.eventprop4j.optim.train.TrainerTest.untimed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.optim.WeightAverage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link WeightAverage} and the trainer's weight averaging ({@link TrainConfig#averageFrom}). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeightAveragingTest {

    @TempDir
    Path dir;

    private Dataset train;
    private Dataset val;
    private TrainConfig base;

    @BeforeAll
    void data() {
        train = timingProblem(70, 41);      // 70 = 4 batches of 16 + 6
        val = timingProblem(30, 42);
        base = TrainConfig.defaults().withEpochs(4).withBatchSize(16).withSeed(7).withThreads(2);
    }

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 20261206L);
    }

    /** The running mean equals the plain arithmetic mean of the networks, parameter by parameter. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void runningMeanIsTheArithmeticMean(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int k = 2 + r.nextInt(5);
        FFEvNN[] nets = new FFEvNN[k];
        for (int i = 0; i < k; i++) {
            nets[i] = FFEvNN.builder(new LIF()).layers(4, 3).inSize(5).maxSolverTime(60).seed(r.nextLong()).tsyn(5).tmem(20).thresh(1)
                    .threads(1).build();
            // one trained-looking parameter that differs between the networks, one that is equal in all
            nets[i].layers().get(0).params()[0][1] = 2 + r.nextDouble();
        }
        double[][] all = Arrays.stream(nets).map(TrainerTest::params).toArray(double[][]::new);
        double[] before0 = all[0].clone();
        WeightAverage avg = WeightAverage.of(nets[0]);
        for (int i = 1; i < k; i++) {
            avg.add(nets[i]);
        }
        assertEquals(k, avg.count());
        double[] got = params(avg.net());
        for (int j = 0; j < got.length; j++) {
            double sum = 0;
            boolean equal = true;
            for (double[] p : all) {
                sum += p[j];
                equal &= p[j] == all[0][j];
            }
            double want = sum / k;
            if (equal) {
                assertEquals(all[0][j], got[j], 0.0, "seed " + seed + ": a value equal in all networks must stay "
                        + "bit-identical (index " + j + ")");
            } else {
                assertEquals(want, got[j], 1e-13 * Math.max(1, Math.abs(want)), "seed " + seed + ", index " + j);
            }
        }
        assertArrayEquals(before0, params(nets[0]), "the first network was changed");
        assertFalse(Arrays.equals(got, all[k - 1]), "the mean is not just the last network");
    }

    @Test
    void mismatchedArchitecturesAndEmptyAveragesAreRejected() {
        FFEvNN a = FFEvNN.builder(new LIF()).layers(4, 3).inSize(5).maxSolverTime(60).seed(1).threads(1).build();
        FFEvNN b = FFEvNN.builder(new LIF()).layers(5, 3).inSize(5).maxSolverTime(60).seed(1).threads(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(a).add(b));
        assertTrue(e.getMessage().contains("5-4-3 vs 5-5-3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightAverage.resume(a, 0));
        assertTrue(e.getMessage().contains("at least one network"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.withAverageFrom(-1));
        assertTrue(e.getMessage().contains("weight averaging must start at an epoch >= 1"), e.getMessage());
    }

    /**
     * Averaging does not change the training trajectory; the trained network is the mean of the end-of-epoch networks
     * from {@code averageFrom} on, and validation judges that mean.
     */
    @Test
    void theTrainedNetworkIsTheMeanOfTheLateEpochs() {
        FFEvNN[] ends = new FFEvNN[5];
        for (int e = 1; e <= 4; e++) {
            ends[e] = new Trainer(base.withEpochs(e)).fit(timingNet(8, 2), train, val).net();
        }
        TrainResult r = new Trainer(base.withAverageFrom(2)).fit(timingNet(8, 2), train, val);
        assertEquals(3, r.averagedEpochs());
        assertArrayEquals(params(ends[4]), params(r.lastNet()), "averaging changed the training trajectory");
        double[] p2 = params(ends[2]);
        double[] p3 = params(ends[3]);
        double[] p4 = params(ends[4]);
        double[] got = params(r.net());
        boolean differs = false;
        for (int j = 0; j < got.length; j++) {
            double want = (p2[j] + p3[j] + p4[j]) / 3;
            assertEquals(want, got[j], 1e-13 * Math.max(1, Math.abs(want)), "parameter " + j);
            differs |= got[j] != p4[j];
        }
        assertTrue(differs, "the average equals the last network: the test cannot tell them apart");
        // a start beyond the last epoch averages nothing (yet): the trained network is the last one
        TrainResult late = new Trainer(base.withAverageFrom(5)).fit(timingNet(8, 2), train, val);
        assertEquals(0, late.averagedEpochs());
        assertSame(late.lastNet(), late.net());
        assertArrayEquals(params(ends[4]), params(late.net()));
        TrainResult plain = new Trainer(base).fit(timingNet(8, 2), train, val);
        assertSame(plain.net(), plain.lastNet());
        assertEquals(0, plain.averagedEpochs());
        // validation judged the network of record: the last network at epoch 1, the average from epoch 2 on
        Evaluation ev = Trainer.evaluate(r.net(), val, base.createLoss(2, 60));
        assertEquals(ev.accuracy(), r.last().valAccuracy(), 0.0);
        assertEquals(ev.meanLoss(), r.last().valLoss(), 0.0);
        assertEquals(plain.history().get(0).withoutTime(), r.history().get(0).withoutTime());
        assertEquals(Trainer.evaluate(plain.net(), val, base.createLoss(2, 60)).meanLoss(), plain.last().valLoss(),
                0.0);
        assertFalse(plain.last().valLoss() == r.last().valLoss(), "the same validation loss for the last network and "
                + "the average: validation did not judge the average");
    }

    /** Same seed, 1 or 2 threads, interrupted before or during the averaging: bit-identical results. */
    @Test
    void averagingIsThreadIndependentAndResumesBitForBit() throws IOException {
        TrainConfig c = base.withAverageFrom(2);
        Path full = dir.resolve("full.json");
        TrainResult whole = new Trainer(c).checkpointTo(full, Map.of()).fit(timingNet(9, 2), train, val);
        TrainResult one = new Trainer(c.withThreads(1)).fit(timingNet(9, 1), train, val);
        assertArrayEquals(params(whole.net()), params(one.net()));
        assertArrayEquals(params(whole.bestNet()), params(one.bestNet()));
        assertEquals(untimed(whole.history()), untimed(one.history()));
        for (int stop = 1; stop <= 3; stop++) {                 // before averaging, at its first epoch, during it
            Path part = dir.resolve("part" + stop + ".json");
            new Trainer(c.withEpochs(stop)).checkpointTo(part, Map.of()).fit(timingNet(9, 2), train, val);
            Checkpoint cp = Checkpoint.read(part, 1);
            assertEquals(Math.max(0, stop - 1), cp.averagedEpochs(), "after epoch " + stop);
            assertEquals(stop == 1, cp.averageNet() == null);
            assertSame(cp.averageNet() == null ? cp.net() : cp.averageNet(), cp.model());
            Path part2 = dir.resolve("resumed" + stop + ".json");
            TrainResult resumed = new Trainer(c).checkpointTo(part2, Map.of()).resume(cp, train, val);
            assertArrayEquals(params(whole.net()), params(resumed.net()), "resumed after epoch " + stop);
            assertArrayEquals(params(whole.lastNet()), params(resumed.lastNet()), "resumed after epoch " + stop);
            assertArrayEquals(params(whole.bestNet()), params(resumed.bestNet()), "resumed after epoch " + stop);
            assertEquals(whole.averagedEpochs(), resumed.averagedEpochs());
            assertEquals(untimed(whole.history()), untimed(resumed.history()));
            assertEquals(Files.readString(full).replaceAll("\"(train_)?seconds\" : [0-9.eE-]+", ""),
                    Files.readString(part2).replaceAll("\"(train_)?seconds\" : [0-9.eE-]+", ""),
                    "checkpoints differ after resuming from epoch " + stop);
        }
        // a changed start cannot continue the run
        Checkpoint cp = Checkpoint.read(dir.resolve("part1.json"), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(base.withAverageFrom(3)).resume(cp, train, val));
        assertTrue(e.getMessage().contains("weight averaging start (3 vs 2)"), e.getMessage());
    }

    @Test
    void inconsistentAveragesInACheckpointAreRejected() throws IOException {
        Path f = dir.resolve("avg.json");
        new Trainer(base.withEpochs(3).withAverageFrom(2)).checkpointTo(f, Map.of()).fit(timingNet(2, 2), train, val);
        ObjectMapper m = new ObjectMapper();
        ObjectNode ok = (ObjectNode) m.readTree(f.toFile());
        assertEquals(2, ok.get("trainer").get("averaged_epochs").asInt());
        assertEquals(2, ok.get("trainer").get("config").get("average_from").asInt());

        ObjectNode wrongCount = ok.deepCopy();
        ((ObjectNode) wrongCount.get("trainer")).put("averaged_epochs", 3);
        assertRejected(m, wrongCount, "averaged_epochs = 3 but a run averaging from epoch 2 has averaged 2");
        ObjectNode noNet = ok.deepCopy();
        noNet.remove("average_net");
        assertRejected(m, noNet, "missing key \"average_net\"");
        ObjectNode noStart = ok.deepCopy();
        ((ObjectNode) noStart.get("trainer").get("config")).remove("average_from");
        assertRejected(m, noStart, "averaged_epochs = 2 but a run averaging from epoch 0 has averaged 0");
        ObjectNode stray = ok.deepCopy();
        ((ObjectNode) stray.get("trainer")).remove("averaged_epochs");
        ((ObjectNode) stray.get("trainer").get("config")).remove("average_from");
        assertRejected(m, stray, "\"average_net\" is present but no epoch has been averaged");
        // a run without averaging writes none of the keys
        Path g = dir.resolve("plain.json");
        new Trainer(base.withEpochs(1)).checkpointTo(g, Map.of()).fit(timingNet(2, 2), train, val);
        String plain = Files.readString(g);
        assertFalse(plain.contains("average"), "a run without averaging wrote averaging keys");
        assertNull(Checkpoint.read(g, 1).averageNet());
    }

    private void assertRejected(ObjectMapper m, ObjectNode tree, String expected) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".json");
        m.writeValue(f.toFile(), tree);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f, 1));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
