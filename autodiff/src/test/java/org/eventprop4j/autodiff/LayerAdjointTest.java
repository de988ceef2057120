package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lockstep layer adjoint ({@link LayerAdjoint}, the default for numerical models) gives the gradients of the
 * neuron-by-neuron {@link GeneralAdjoint} ({@link EventProp#perNeuron()}): every weight, every parameter and every input
 * error, on seeded random 3-24-3 networks of each numerical built-in at tolerance 1e-10, with a loss on the first
 * output spikes (so the output layer, and hidden neurons that spike once, go through the lockstep; the others through
 * the per-neuron path). Both paths integrate the same equations at the same tolerance along different steps, so they
 * agree to integration accuracy (1e-7 of the largest entry here), not bit for bit. Asserts that the lockstep served neurons in each case.
 */
class LayerAdjointTest {

    static Stream<Arguments> cases() {
        Stream<ModelGradientPropertyTest.Setup> setups = Stream.of(ModelGradientPropertyTest.FUNKY,
                ModelGradientPropertyTest.EIF_SETUP, ModelGradientPropertyTest.IZHIKEVICH,
                ModelGradientPropertyTest.ALIF_SETUP);
        return setups.flatMap(s -> LongStream.rangeClosed(1, 3).mapToObj(seed -> Arguments.of(s.name(), seed)));
    }

    private static FFEvNN network(String name, long seed) {
        FFEvNN net;
        if (name.equals("qif")) {
            net = TestNets.twoLayer(new QIF(), seed, 3, 24, 3, 40.0);
        } else {
            ModelGradientPropertyTest.Setup s = switch (name) {
                case "funky" -> ModelGradientPropertyTest.FUNKY;
                case "eif" -> ModelGradientPropertyTest.EIF_SETUP;
                case "izhikevich" -> ModelGradientPropertyTest.IZHIKEVICH;
                default -> ModelGradientPropertyTest.ALIF_SETUP;
            };
            net = ModelGradientPropertyTest.network(s, seed, 3, 24, 3);
        }
        SimOptions o = net.options();
        return new FFEvNN(net.model(), net.inSize(), net.layers(),
                SimOptions.of(o.maxSolverTime()).withSolverStepsize(o.solverStepsize()).withTolerance(1e-10), 1);
    }

    static Stream<Arguments> allCases() {
        return Stream.concat(cases(), LongStream.rangeClosed(1, 4).mapToObj(seed -> Arguments.of("qif", seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("allCases")
    void lockstepMatchesNeuronByNeuron(String name, long seed) {
        FFEvNN net = network(name, seed);
        double tEnd = net.options().maxSolverTime();
        List<double[][]> in = TestNets.inputs(seed, 3, 3, tEnd);
        for (boolean params : new boolean[] {true, false}) {
            EventProp lock = params ? new EventProp(net) : new EventProp(net).weightsOnly();
            EventProp ref = lock.perNeuron();
            for (int b = 0; b < in.size(); b++) {
                Trace tr = net.simulate(in.get(b));
                String what = name + " seed " + seed + " sample " + b + (params ? "" : " weights only")
                        + " (hidden spikes " + tr.spikes(0).size() + ", output " + tr.output().size() + ")";
                int nOut = net.outSize();
                double[] coef = new double[nOut];
                for (int k = 0; k < nOut; k++) {
                    coef[k] = (k + 1.0) * (seed % 2 == 0 ? 1 : -1);
                }
                double[] err = FirstSpikes.errors(tr, coef);
                long before = lock.lockstepNeuronTasksOfThisThread();
                Gradients a = lock.backward(tr, err);
                long served = lock.lockstepNeuronTasksOfThisThread() - before;
                Gradients r = ref.backward(tr, err);
                if (b == 0) {
                    assertTrue(tr.output().size() == 0 || served > 0, what + ": the lockstep served no neuron");
                }
                assertEquals(0, ref.lockstepNeuronTasksOfThisThread(), "the reference runs neuron by neuron");
                compare(a, r, net, params, what);
            }
        }
    }

    private static void compare(Gradients a, Gradients r, FFEvNN net, boolean params, String what) {
        double scale = 1e-12;
        for (int l = 0; l < net.layers().size(); l++) {
            for (double v : r.layer(l).weights()) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int l = 0; l < net.layers().size(); l++) {
            double[] x = a.layer(l).weights();
            double[] y = r.layer(l).weights();
            for (int q = 0; q < x.length; q++) {
                assertEquals(y[q], x[q], 1e-7 * scale, what + ": layer " + l + " weight " + q);
            }
            if (params) {
                double[][] px = a.layer(l).params();
                double[][] py = r.layer(l).params();
                for (int k = 0; k < px.length; k++) {
                    double ps = 1e-12;
                    for (double v : py[k]) {
                        ps = Math.max(ps, Math.abs(v));
                    }
                    for (int i = 0; i < px[k].length; i++) {
                        assertEquals(py[k][i], px[k][i], 1e-7 * ps, what + ": layer " + l + " param "
                                + net.model().params().get(k).name() + " neuron " + i + " " + Arrays.toString(px[k])
                                + " vs " + Arrays.toString(py[k]));
                    }
                }
            }
        }
        double[] ia = a.inputErrors();
        double[] ib = r.inputErrors();
        double is = 1e-12;
        for (double v : ib) {
            is = Math.max(is, Math.abs(v));
        }
        for (int q = 0; q < ia.length; q++) {
            assertEquals(ib[q], ia[q], 1e-7 * is, what + ": input error " + q);
        }
        assertEquals(r.tangentialCrossings(), a.tangentialCrossings(), what + ": tangential crossings");
    }
}
