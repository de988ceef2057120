package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.eventprop4j.core.model.ALIF;
import org.eventprop4j.core.model.EIF;
import org.eventprop4j.core.model.FunkyNeuron;
import org.eventprop4j.core.model.Izhikevich;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EventProp gradients of the numerically integrated built-in models ({@link FunkyNeuron}, {@link EIF},
 * {@link Izhikevich}, {@link ALIF}) agree with Richardson-extrapolated central finite differences to 1e-5 relative
 * (GradientCheck, default floor) on every weight and every trainable parameter whose perturbation keeps all spike
 * counts, on seeded random 2-3-2 networks with a loss on all output spikes. Each network spikes (asserted), has a
 * tonically firing hidden neuron (so that reset parameters such as {@code beta}, {@code v_reset}, {@code c},
 * {@code d} matter), and every trainable parameter of the model is asserted to receive a non-zero, compared gradient.
 */
class ModelGradientPropertyTest {

    /** Fills the parameters of neuron {@code i} of layer {@code l} (arrays pre-filled with the defaults). */
    interface ParamGen {
        void fill(double[][] p, int i, int l, SplittableRandom rng);
    }

    /** How to build a random network of one model. */
    record Setup(String name, NeuronModel model, double tEnd, double step, double[] w0, double[] w1, ParamGen gen) {
        @Override
        public String toString() {
            return name;
        }
    }

    static double u(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static final Setup FUNKY = new Setup("funky", new FunkyNeuron(), 20.0, 0.05, new double[] {0.2, 1.2},
            new double[] {0.2, 1.0}, (p, i, l, r) -> {
                p[FunkyNeuron.TAU_SYN][i] = u(r, 3, 8);
                p[FunkyNeuron.TAU_MEM][i] = u(r, 0.5, 2);     // a rate here (1/ms): dA/dt = -(sin A + cos(B + bias)) tm
                p[FunkyNeuron.BIAS][i] = u(r, 1.8, 2.6);      // cos(B + bias) < -sin(thresh) fires
                p[FunkyNeuron.THRESH][i] = u(r, 0.5, 0.9);
            });

    static final Setup EIF_SETUP = new Setup("eif", new EIF(), 40.0, 0.1, new double[] {0.8, 2.4},
            new double[] {1.0, 2.5}, (p, i, l, r) -> {
                p[EIF.TAU_SYN][i] = u(r, 2, 8);
                p[EIF.TAU_MEM][i] = u(r, 5, 25);
                p[EIF.BIAS][i] = u(r, 0.2, 1.2);
                p[EIF.V_T][i] = u(r, 0.7, 1.2);
                p[EIF.DELTA_T][i] = u(r, 0.1, 0.4);
                p[EIF.V_PEAK][i] = u(r, 1.5, 2.0);
                p[EIF.V_RESET][i] = u(r, -0.3, 0.5);
                if (l == 0 && i == 0) {
                    p[EIF.BIAS][i] = p[EIF.V_T][i] + 0.4;      // above the rheobase v_t - delta_t: tonic
                }
            });

    static final Setup IZHIKEVICH = new Setup("izhikevich", new Izhikevich(), 40.0, 0.5, new double[] {3, 15},
            new double[] {3, 12}, (p, i, l, r) -> {
                p[Izhikevich.TAU_SYN][i] = u(r, 3, 8);
                p[Izhikevich.BIAS][i] = u(r, 0, 5);
                p[Izhikevich.A][i] = u(r, 0.01, 0.1);
                p[Izhikevich.B][i] = u(r, 0.15, 0.25);
                p[Izhikevich.C][i] = u(r, -70, -50);
                p[Izhikevich.D][i] = u(r, 2, 8);
                if (l == 0 && i == 0) {
                    p[Izhikevich.BIAS][i] = 6.0;                  // tonic (regular spiking fires above ~3.8)
                }
            });

    static final Setup ALIF_SETUP = new Setup("alif", new ALIF(), 40.0, 0.1, new double[] {0.8, 2.5},
            new double[] {0.6, 2.0}, (p, i, l, r) -> {
                p[ALIF.TAU_SYN][i] = u(r, 2, 8);
                p[ALIF.TAU_MEM][i] = u(r, 5, 25);
                p[ALIF.BIAS][i] = u(r, 0.3, 1.8);
                p[ALIF.THRESH][i] = u(r, 0.6, 1.2);
                p[ALIF.TAU_ADAPT][i] = u(r, 10, 110);
                p[ALIF.BETA][i] = u(r, 0.1, 0.8);
                if (l == 0 && i == 0) {
                    p[ALIF.BIAS][i] = 2.0 * p[ALIF.THRESH][i];     // tonic, adapting
                }
            });

    /** A seeded random 2-layer network of {@code s.model()}. */
    static FFEvNN network(Setup s, long seed, int in, int hidden, int out) {
        NeuronModel m = s.model();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int fan = in;
        int[] sizes = {hidden, out};
        for (int l = 0; l < 2; l++) {
            int n = sizes[l];
            double[] range = l == 0 ? s.w0() : s.w1();
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = u(rng, range[0], range[1]);
            }
            double[][] p = new double[m.params().size()][n];
            for (int k = 0; k < p.length; k++) {
                Arrays.fill(p[k], m.params().get(k).defaultValue());
            }
            for (int i = 0; i < n; i++) {
                s.gen().fill(p, i, l, rng);
            }
            layers.add(new Layer(fan, n, w, p));
            fan = n;
        }
        return new FFEvNN(m, in, layers, SimOptions.of(s.tEnd()).withSolverStepsize(s.step()), 1);
    }

    static Stream<Arguments> cases() {
        return Stream.of(FUNKY, EIF_SETUP, IZHIKEVICH, ALIF_SETUP)
                .flatMap(s -> LongStream.rangeClosed(1, 4).mapToObj(seed -> Arguments.of(s, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Setup s, long seed) {
        FFEvNN net = network(s, seed, 2, 3, 2);
        assertNull(net.model().closedForm(), "integrated numerically");
        List<double[][]> in = TestNets.inputs(seed, 2, 1, s.tEnd());
        Trace tr = net.simulate(in.get(0));
        int[] outCounts = new int[2];
        for (int src : tr.output().sources()) {
            outCounts[src]++;
        }
        String what = s + " seed " + seed + " (hidden spikes " + tr.spikes(0).size() + ", output spikes "
                + Arrays.toString(outCounts) + ")";
        assertTrue(tr.output().size() > 0, what + ": no output spikes");
        assertTrue(tr.spikes(0).size() >= 3, what + ": too few hidden spikes");

        GradientCheck.Report r = new GradientCheck(net, in, TestNets.allSpikes(LifGradientPropertyTest.coef(seed, 2)))
                .stopAt(1e-8).run();
        assertAgrees(r, 1e-5, what);
        // every trainable parameter (and the weights) has a compared entry with a non-zero gradient
        Map<String, Integer> live = new LinkedHashMap<>();
        live.put("weights", 0);
        for (ParamSpec p : net.model().params()) {
            if (p.trainable()) {
                live.put(p.name(), 0);
            }
        }
        for (GradientCheck.Entry e : r.entries()) {
            String param = e.group().substring(e.group().indexOf(' ', "layer ".length()) + 1);
            if (!e.skipped() && Math.abs(e.eventProp()) > 1e-6) {
                live.merge(param, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : live.entrySet()) {
            assertTrue(e.getValue() > 0, what + ": no compared non-zero gradient of " + e.getKey() + "\n"
                    + r.table());
        }
        assertTrue(r.compared() >= 30, what + ": only " + r.compared() + " compared\n" + r.table());
    }

    static void assertAgrees(GradientCheck.Report r, double tol, String what) {
        LifGradientPropertyTest.assertAgrees(r, tol, what);
        long skipped = r.entries().stream().filter(GradientCheck.Entry::skipped).count();
        assertTrue(skipped <= r.entries().size() / 4, what + ": " + skipped + " entries skipped\n" + r.table());
    }
}
