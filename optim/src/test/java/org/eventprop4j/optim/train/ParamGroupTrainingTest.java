package org.eventprop4j.optim.train;

import static org.eventprop4j.optim.train.TrainerTest.params;
import static org.eventprop4j.optim.train.TrainerTest.timingNet;
import static org.eventprop4j.optim.train.TrainerTest.timingProblem;
import static org.eventprop4j.optim.train.TrainerTest.untimed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.optim.LrSchedule;
import org.eventprop4j.optim.ParamGroups;
import org.eventprop4j.optim.SgdMomentum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training neuron parameters with the Trainer: groups, validity, checkpoints, any optimiser. */
class ParamGroupTrainingTest {

    @TempDir
    Path dir;

    private static final LIF LIF_MODEL = new LIF();

    @Test
    void groupsParseAndRoundTripThroughTheirSpec() {
        ParamGroups all = ParamGroups.parse("all", LIF_MODEL);
        assertEquals(ParamGroups.allTrainable(LIF_MODEL), all);
        assertEquals("weights,tau_syn,tau_mem,bias,thresh", all.spec());
        ParamGroups g = ParamGroups.parse(" weights , tau_mem:0.1,bias ;frozen=1", LIF_MODEL);
        assertEquals(0.1, g.multiplier("tau_mem"));
        assertEquals(0.0, g.multiplier("tau_syn"));
        assertTrue(g.layerFrozen(1));
        assertEquals(g, ParamGroups.parse(g.spec(), LIF_MODEL));
        assertFalse(g.equals(ParamGroups.parse("weights,tau_mem:0.2,bias;frozen=1", LIF_MODEL)));
    }

    @Test
    void badGroupListsAreRejectedByName() {
        String[][] cases = {
            {"weights,tau", "unknown parameter group 'tau'"},
            {"weights,,bias", "empty entry"},
            {"", "empty parameter-group list"},
            {"weights,weights", "listed twice"},
            {"weights:abc", "multiplier 'abc'"},
            {"weights:-1", "must be positive"},
            {"weights;frozen=x", "frozen layer 'x'"},
            {"weights;freeze=1", "frozen=L1,L2"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ParamGroups.parse(c[0], LIF_MODEL), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    /**
     * Training all groups changes every kind of parameter, and a learning rate large enough to push time constants
     * and thresholds through zero leaves them valid (clamped above 0), never NaN.
     */
    @Test
    void allGroupsTrainAndStayValid() {
        Dataset train = timingProblem(120, 41);
        FFEvNN net0 = timingNet(5, 2);
        TrainConfig c = TrainConfig.defaults().withEpochs(3).withBatchSize(20).withThreads(2)
                .withParams(ParamGroups.parse("weights,tau_syn:400,tau_mem:400,bias,thresh", LIF_MODEL));
        TrainResult r = new Trainer(c).fit(net0, train, null);
        int changed = 0;
        int clampedAtFloor = 0;
        for (int l = 0; l < r.net().layers().size(); l++) {
            Layer a = net0.layers().get(l);
            Layer b = r.net().layers().get(l);
            for (int k = 0; k < LIF_MODEL.params().size(); k++) {
                boolean positive = LIF_MODEL.params().get(k).lowerOpen();
                for (int i = 0; i < b.size(); i++) {
                    double v = b.params()[k][i];
                    assertTrue(Double.isFinite(v), "layer " + l + " " + LIF_MODEL.params().get(k).name());
                    if (positive) {
                        assertTrue(v > 0, "layer " + l + " " + LIF_MODEL.params().get(k).name() + " = " + v);
                        clampedAtFloor += v == 1e-3 ? 1 : 0;
                    }
                    changed += v != a.params()[k][i] ? 1 : 0;
                }
            }
        }
        assertTrue(changed > 40, "neuron parameters changed: " + changed);
        assertTrue(clampedAtFloor > 0, "the large rates should have pushed some parameter onto its floor");
    }

    /** A run training taus and biases resumes bit for bit; its checkpoint records the groups. */
    @Test
    void resumeOfAParameterTrainingRunIsBitIdentical() throws IOException {
        Dataset train = timingProblem(60, 51);
        Dataset val = timingProblem(20, 52);
        TrainConfig c = TrainConfig.defaults().withEpochs(4).withBatchSize(16).withSeed(2).withThreads(2)
                .withParams(ParamGroups.parse("weights,tau_mem:0.5,tau_syn,bias", LIF_MODEL));
        Path full = dir.resolve("full.json");
        TrainResult whole = new Trainer(c).checkpointTo(full, Map.of()).fit(timingNet(7, 2), train, val);
        Path part = dir.resolve("part.json");
        new Trainer(c.withEpochs(2)).checkpointTo(part, Map.of()).fit(timingNet(7, 2), train, val);
        assertTrue(Files.readString(part).contains("\"params\" : \"weights,tau_mem:0.5,tau_syn,bias\""));
        Checkpoint cp = Checkpoint.read(part, 1);
        assertEquals(c.params(), cp.config().params());
        TrainResult resumed = new Trainer(c.withThreads(1)).resume(cp, train, val);
        assertArrayEquals(params(whole.net()), params(resumed.net()));
        assertEquals(untimed(whole.history()), untimed(resumed.history()));
        assertFalse(Arrays.equals(timingNet(7, 1).layers().get(0).params()[1],
                whole.net().layers().get(0).params()[1]), "tau_mem should have trained");
        // another group list is a different run
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(c.withParams(ParamGroups.weightsOnly())).resume(cp, train, val));
        assertTrue(e.getMessage().contains("trained parameter groups"), e.getMessage());
    }

    /** Any optimiser: SGD with momentum from a factory trains, checkpoints and resumes bit for bit. */
    @Test
    void aPluggedInOptimizerTrainsAndResumes() throws IOException {
        Dataset train = timingProblem(60, 61);
        TrainConfig c = TrainConfig.defaults().withEpochs(3).withBatchSize(20).withSeed(4).withThreads(2);
        java.util.function.Supplier<SgdMomentum> sgd = () -> {
            SgdMomentum s = new SgdMomentum(LrSchedule.constant(0.05), 0.9);
            s.withGroups(ParamGroups.parse("weights,bias", LIF_MODEL));
            return s;
        };
        Path full = dir.resolve("sgd.json");
        TrainResult whole = new Trainer(c).optimizer(sgd).checkpointTo(full, Map.of()).fit(timingNet(8, 2), train,
                null);
        TrainResult adam = new Trainer(c).fit(timingNet(8, 2), train, null);
        assertFalse(Arrays.equals(params(whole.net()), params(adam.net())));
        assertEquals("weights,bias", Checkpoint.read(full, 1).config().params().spec());
        Path part = dir.resolve("sgd2.json");
        new Trainer(c.withEpochs(1)).optimizer(sgd).checkpointTo(part, Map.of()).fit(timingNet(8, 2), train, null);
        TrainResult resumed = new Trainer(c).optimizer(sgd).resume(Checkpoint.read(part, 2), train, null);
        assertArrayEquals(params(whole.net()), params(resumed.net()));
        // Adam cannot continue SGD's state
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer(c.withParams(ParamGroups.parse("weights,bias", LIF_MODEL)))
                        .resume(Checkpoint.read(part, 2), train, null));
    }

    /** A LIF subclass that inherits the name "lif": its checkpoints would read back as plain LIF. */
    public static final class Renamed extends org.eventprop4j.core.model.LIF {
        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]).multiply(1.5);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    /** Checkpointing a model that would not read back as itself fails before the first epoch, writing nothing. */
    @Test
    void checkpointOfAModelThatWouldNotReadBackFailsBeforeTraining() {
        FFEvNN lif = timingNet(9, 1);
        FFEvNN net = new FFEvNN(new Renamed(), lif.inSize(), lif.layers(), lif.options(), 1);
        Path cp = dir.resolve("cp.json");
        TrainConfig c = TrainConfig.defaults().withEpochs(2).withBatchSize(20).withThreads(1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(c).checkpointTo(cp, Map.of()).fit(net, timingProblem(40, 3), null));
        assertTrue(e.getMessage().contains(Renamed.class.getName()), e.getMessage());
        assertFalse(Files.exists(cp), "no checkpoint written");
    }
}
