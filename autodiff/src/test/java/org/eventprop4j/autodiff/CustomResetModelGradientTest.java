package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Trace;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user-defined model, written here and nowhere else, with three state channels and two trainable parameters that
 * appear only in its reset: EventProp (Jacobians by forward-mode AD of the model's own methods) gives gradients that
 * agree with finite differences, with no derivative written by the user.
 */
class CustomResetModelGradientTest {

    /**
     * LIF with a spike-triggered adaptation current {@code W} (state {@code [V, I, W]}):
     * <pre>
     *   tau_mem dV/dt = -V + I - W + bias,  tau_syn dI/dt = -I,  tau_w dW/dt = -W
     *   spike when V reaches 1;  reset V = v_reset, W += jump
     * </pre>
     * {@code v_reset} and {@code jump} are used only in {@link #resetSpiked}.
     */
    static final class ResetAdaptingNeuron extends NeuronModel {
        static final int V = 0;
        static final int I = 1;
        static final int W = 2;
        static final int TAU_SYN = 0;
        static final int TAU_MEM = 1;
        static final int BIAS = 2;
        static final int TAU_W = 3;
        static final int V_RESET = 4;
        static final int JUMP = 5;

        ResetAdaptingNeuron() {
            super("reset-adapting", List.of("V", "I", "W"), List.of(
                    ParamSpec.timeConstant("tau_syn", 5.0),
                    ParamSpec.timeConstant("tau_mem", 20.0),
                    ParamSpec.real("bias", 0.0),
                    ParamSpec.timeConstant("tau_w", 50.0),
                    new ParamSpec("v_reset", 0.0, true, Double.NEGATIVE_INFINITY, false, 0.5, ""),
                    ParamSpec.real("jump", 0.2)));
        }

        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].subtract(y[W]).add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
            out[W] = y[W].negate().divide(p[TAU_W]);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return y[V].subtract(1.0);
        }

        @Override
        public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            System.arraycopy(y, 0, out, 0, y.length);
            out[V] = p[V_RESET];
            out[W] = y[W].add(p[JUMP]);
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 6);
    }

    static FFEvNN network(long seed) {
        NeuronModel m = new ResetAdaptingNeuron();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int fan = 2;
        int[] sizes = {3, 2};
        for (int l = 0; l < 2; l++) {
            int n = sizes[l];
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = l == 0 ? 0.8 + 1.7 * rng.nextDouble() : 0.8 + 1.4 * rng.nextDouble();
            }
            double[][] p = new double[6][n];
            for (int i = 0; i < n; i++) {
                p[ResetAdaptingNeuron.TAU_SYN][i] = 2 + 6 * rng.nextDouble();
                p[ResetAdaptingNeuron.TAU_MEM][i] = 5 + 20 * rng.nextDouble();
                p[ResetAdaptingNeuron.BIAS][i] = 0.5 + 1.2 * rng.nextDouble();
                p[ResetAdaptingNeuron.TAU_W][i] = 10 + 60 * rng.nextDouble();
                p[ResetAdaptingNeuron.V_RESET][i] = -0.4 + 0.8 * rng.nextDouble();
                p[ResetAdaptingNeuron.JUMP][i] = 0.05 + 0.4 * rng.nextDouble();
            }
            layers.add(new Layer(fan, n, w, p));
            fan = n;
        }
        return new FFEvNN(m, 2, layers, SimOptions.of(40.0), 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void resetOnlyParametersGetCorrectGradients(long seed) {
        FFEvNN net = network(seed);
        List<double[][]> in = TestNets.inputs(seed, 2, 1, 40.0);
        Trace tr = net.simulate(in.get(0));
        String what = "seed " + seed + " (hidden spikes " + tr.spikes(0).size() + ", output spikes "
                + tr.output().size() + ")";
        assertTrue(tr.output().size() >= 2, what + ": too few output spikes");
        GradientCheck.Report r = new GradientCheck(net, in, TestNets.allSpikes(LifGradientPropertyTest.coef(seed, 2)))
                .stopAt(1e-8).run();
        LifGradientPropertyTest.assertAgrees(r, 1e-5, what);
        for (String param : new String[] {"v_reset", "jump"}) {
            long live = r.entries().stream()
                    .filter(e -> e.group().endsWith(" " + param) && !e.skipped() && Math.abs(e.eventProp()) > 1e-6)
                    .count();
            assertTrue(live > 0, what + ": reset-only parameter " + param + " has no compared non-zero gradient\n"
                    + r.table());
        }
        assertTrue(Arrays.stream(new int[] {r.compared()}).sum() >= 30, what + "\n" + r.table());
    }
}
