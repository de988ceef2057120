package org.eventprop4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.eventprop4j.core.model.ALIF;
import org.eventprop4j.core.model.EIF;
import org.eventprop4j.core.model.FunkyNeuron;
import org.eventprop4j.core.model.Izhikevich;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.model.QIF;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lockstep layer integration ({@link LayerFlow}) gives the spikes of the neuron-by-neuron path: same neurons, same
 * order, times within 1e-8 ms at tolerance 1e-12, for every numerically integrated built-in model on random layers
 * with random (also simultaneous) inputs.
 */
class LayerFlowTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        String[] models = {"qif", "eif", "alif", "izhikevich", "funky", "alif-mixed", "resonator"};
        long seed = 500;
        for (String m : models) {
            for (int r = 0; r < 3; r++) {
                out.add(Arguments.of(m, seed++));
            }
        }
        return out.stream();
    }

    private static NeuronModel model(String name) {
        return switch (name) {
            case "qif" -> new QIF();
            case "eif" -> new EIF();
            case "alif", "alif-mixed" -> new ALIF();
            case "resonator" -> new Resonator();
            case "izhikevich" -> new Izhikevich();
            default -> new FunkyNeuron();
        };
    }

    /**
     * A damped resonator driven by a synaptic current (complex eigenvalues): affine in the state, so its layers take
     * exact steps, which must agree with Runge-Kutta integration of the same equations.
     * <pre>
     *   dV/dt = -V / tau + omega W + I + bias,  dW/dt = -omega V - W / tau,  dI/dt = -I / tau_syn
     *   spike at V = thresh; reset V = W = 0; input I += w
     * </pre>
     */
    static final class Resonator extends org.eventprop4j.core.model.NeuronModel {
        Resonator() {
            super("resonator", List.of("V", "W", "I"), List.of(ParamSpec.timeConstant("tau", 10.0),
                    ParamSpec.real("omega", 0.8), ParamSpec.timeConstant("tau_syn", 5.0),
                    ParamSpec.real("bias", 0.0), ParamSpec.positive("thresh", 1.0)));
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[0] = y[0].negate().divide(p[0]).add(p[1].multiply(y[1])).add(y[2]).add(p[3]);
            out[1] = p[1].multiply(y[0]).negate().subtract(y[1].divide(p[0]));
            out[2] = y[2].negate().divide(p[2]);
        }

        @Override
        public int inputChannel() {
            return 2;
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
            return y[0].subtract(p[4]);
        }

        @Override
        public <T extends org.hipparchus.CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
            System.arraycopy(y, 0, out, 0, y.length);
            out[0] = y[0].getField().getZero();
            out[1] = y[0].getField().getZero();
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void lockstepLayerGivesTheSpikesOfTheNeuronByNeuronPath(String name, long seed) {
        NeuronModel m = model(name);
        SimOptions opts = SimOptions.of(60.0);
        SplittableRandom rng = new SplittableRandom(seed);
        int fanIn = 4;
        int size = 15;
        double scale = name.equals("izhikevich") ? 12.0 : name.equals("funky") ? 0.5 : 1.5;
        double[] w = new double[fanIn * size];
        for (int q = 0; q < w.length; q++) {
            w[q] = scale * rng.nextDouble(-0.5, 1.5);
        }
        double[][] params = new double[m.params().size()][size];
        for (int k = 0; k < params.length; k++) {
            ParamSpec s = m.params().get(k);
            Arrays.fill(params[k], s.defaultValue());
        }
        if (name.equals("funky")) {
            Arrays.fill(params[m.paramIndex("tau_mem")], 1.0);
            Arrays.fill(params[m.paramIndex("thresh")], 0.8);
        }
        if (name.equals("alif-mixed")) {
            // time constants differ from neuron to neuron: the exact steps' propagators are per neuron
            for (int i = 0; i < size; i++) {
                params[m.paramIndex("tau_mem")][i] = rng.nextDouble(4, 30);
                params[m.paramIndex("tau_syn")][i] = rng.nextDouble(2, 8);
            }
        }
        int bias = m.paramIndex("bias");
        for (int i = 0; i < size; i++) {
            params[bias][i] = name.equals("izhikevich") ? rng.nextDouble(-2, 6) : rng.nextDouble(-0.6, 1.1)
                    + (name.equals("funky") ? 2.0 : 0.0);
        }
        int nIn = 10;
        double[] times = new double[nIn];
        int[] src = new int[nIn];
        for (int k = 0; k < nIn; k++) {
            times[k] = k > 0 && rng.nextInt(4) == 0 ? times[k - 1] : rng.nextDouble(0, 40);
            src[k] = rng.nextInt(fanIn);
        }
        Integer[] order = new Integer[nIn];
        for (int k = 0; k < nIn; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        double[] st = new double[nIn];
        int[] ss = new int[nIn];
        for (int k = 0; k < nIn; k++) {
            st[k] = times[order[k]];
            ss[k] = src[order[k]];
        }
        Spikes in = new Spikes(st, ss);
        LayerTrace lock = new LayerSimulator(m, opts, true).run(0, in, w, size, params,
                new EventBudget(opts.maxEventSteps(), opts.maxSolverSteps()));
        LayerTrace single = new LayerSimulator(m, opts, false).run(0, in, w, size, params,
                new EventBudget(opts.maxEventSteps(), opts.maxSolverSteps()));
        Spikes a = lock.output();
        Spikes b = single.output();
        assertEquals(b.size(), a.size(), name + " seed " + seed + ": spike counts");
        assertArrayEquals(b.sources(), a.sources(), name + " seed " + seed + ": spiking neurons in order");
        for (int q = 0; q < a.size(); q++) {
            assertEquals(b.times()[q], a.times()[q], 1e-8, name + " seed " + seed + " spike " + q);
        }
        assertTrue(a.size() > 0, name + " seed " + seed + ": the layer should fire");
    }
}
