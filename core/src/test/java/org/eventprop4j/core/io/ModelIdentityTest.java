package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model written to net.json (or a checkpoint, which embeds the same tree) reads back as itself, or is refused: a
 * user's subclass that inherits its parent's name (as the README's FunkyNeuron-style {@code extends LIF}) used to be
 * written as {@code "lif"} and silently read back as plain LIF.
 */
class ModelIdentityTest {

    @TempDir
    Path dir;

    /** Changed equations, inherited name "lif". */
    public static final class Unnamed extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]).multiply(2.0);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    /** Its own name, registered below. */
    public static final class Named extends LIF {
        public Named() {
            super("identity-test-named", List.of("V", "I"), LIF.PARAMS);
        }
    }

    private static FFEvNN net(NeuronModel m) {
        return FFEvNN.builder(m).layers(3, 2).inSize(2).maxSolverTime(20).seed(1).threads(1).build();
    }

    @Test
    void aSubclassWithItsParentsNameIsRefusedAndNoFileIsWritten() {
        FFEvNN net = net(new Unnamed());
        Path out = dir.resolve("net.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetJson.write(net, out));
        assertTrue(e.getMessage().contains(Unnamed.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("reads back as " + LIF.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("Models.register"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
        assertThrows(IllegalArgumentException.class, () -> NetJson.toJson(net), "the tree itself is refused");
    }

    @Test
    void anUnregisteredNameIsRefused() {
        FFEvNN net = net(new NeuronModelWithOwnName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetJson.toTree(net));
        assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    }

    /** A LIF subclass with its own, never registered, name. */
    public static final class NeuronModelWithOwnName extends LIF {
        public NeuronModelWithOwnName() {
            super("identity-test-unregistered", List.of("V", "I"), LIF.PARAMS);
        }
    }

    @Test
    void aNamedRegisteredSubclassRoundTripsAsItself() throws IOException {
        Models.register("identity-test-named", Named::new);
        FFEvNN net = net(new Named());
        Path out = dir.resolve("net.json");
        NetJson.write(net, out);
        FFEvNN back = NetJson.read(out, 1);
        assertSame(Named.class, back.model().getClass());
        assertEquals(NetJson.toJson(net), NetJson.toJson(back));
    }

    @Test
    void builtInsRoundTrip() {
        for (String name : List.of("lif", "qif", "eif", "izhikevich", "alif", "funky", "li")) {
            NeuronModel m = Models.byName(name);
            List<ParamSpec> unused = m.params();
            assertFalse(unused.isEmpty());
            NetJson.requireRoundTrip(net(m));
        }
    }
}
