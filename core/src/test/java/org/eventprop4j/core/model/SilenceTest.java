package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The silence tests of QIF, EIF, ALIF and FunkyNeuron never lose a spike: networks with a range of biases (some neurons silent,
 * some tonic) give the same spikes as the same equations without the test (a subclass re-declaring the dynamics, for
 * which the test no longer applies).
 */
class SilenceTest {

    static final class QifNoSkip extends QIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            super.dynamics(y, p, out);
        }
    }

    /** The equations of {@code inner}, re-declared here: the inner model's silence test does not apply to it. */
    static final class NoSkip extends NeuronModel {
        private final NeuronModel inner;

        NoSkip(NeuronModel inner) {
            super(inner.name(), inner.channels(), inner.params());
            this.inner = inner;
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            inner.dynamics(y, p, out);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return inner.spikeCondition(y, p);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            inner.resetSpiked(y, p, out);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            out.add(Arguments.of("qif", seed));
            out.add(Arguments.of("eif", seed));
            out.add(Arguments.of("alif", seed));
            out.add(Arguments.of("funky", seed));
        }
        return out.stream();
    }

    private static FFEvNN net(NeuronModel m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] bias = new double[12];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rng.nextDouble(-1.0, 1.2);
        }
        boolean funky = m.paramIndex("thresh") >= 0 && m.name().equals("funky");
        if (funky) {
            for (int i = 0; i < bias.length; i++) {
                bias[i] = 2.0 * bias[i] + 1.0;                  // phases in [-1, 3.4]: some tonic, some silent
            }
        }
        FFEvNN.Builder b = FFEvNN.builder(m).layers(12).inSize(3).maxSolverTime(80).seed(seed)
                .gaussianWeights(0, 1.0, 1.2).param("bias", 0, bias).tolerance(1e-10).threads(1);
        if (funky) {
            b.param("tau_mem", 1.0).param("thresh", 0.8);
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void skippingSilentTailsLosesNoSpike(String model, long seed) {
        NeuronModel skip = switch (model) {
            case "qif" -> new QIF();
            case "eif" -> new EIF();
            case "funky" -> new FunkyNeuron();
            default -> new ALIF();
        };
        NeuronModel full = switch (model) {
            case "qif" -> new QifNoSkip();
            case "eif" -> new NoSkip(new EIF());
            case "funky" -> new NoSkip(new FunkyNeuron());
            default -> new NoSkip(new ALIF());
        };
        SplittableRandom rng = new SplittableRandom(100 + seed);
        int spikes = 0;
        for (int s = 0; s < 5; s++) {
            double[][] in = new double[3][];
            for (int c = 0; c < 3; c++) {
                in[c] = new double[] {rng.nextDouble(0, 20), rng.nextDouble(20, 30)};
            }
            Trace a = net(skip, seed).simulate(in);
            Trace b = net(full, seed).simulate(in);
            assertArrayEquals(b.output().sources(), a.output().sources(), model + " seed " + seed + " sample " + s);
            // the same spikes; times agree to the integration error (in a lockstep layer, retiring neurons changes the
            // common steps of the others)
            assertArrayEquals(b.output().times(), a.output().times(), 1e-8, model + " seed " + seed);
            spikes += a.output().size();
        }
        assertTrue(spikes > 0, "the networks should fire");
    }
}
