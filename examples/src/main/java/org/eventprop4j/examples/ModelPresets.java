package org.eventprop4j.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eventprop4j.core.io.Models;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.net.FFEvNN;

/**
 * Model-aware defaults for training a built-in neuron model on Yin-Yang-like inputs (five input channels, spikes in
 * {@code [0, 30]} ms, window 100 ms): parameter values and the Gaussian weight initialisation of the hidden and output
 * layers, chosen so that the network fires at the start of training (every hidden layer about 10-40 % of its neurons,
 * every output neuron at least once on most samples), which is what a spike-time loss needs to get gradients.
 * How each was chosen is in {@link Preset#why()}; {@code ./evnn train --model NAME} and {@code ModelBenchmark} use them.
 */
public final class ModelPresets {

    /**
     * Integrator tolerance for training a numerically integrated model that has no tolerance of its own in its preset
     * (e.g. a user's model given with a built-in's preset); see docs/numerical-models.md.
     */
    public static final double TRAIN_TOLERANCE = 1e-7;

    /**
     * One model's defaults.
     *
     * @param model    registry name ({@code lif}, {@code qif}, ...)
     * @param params   parameter values that differ from the model's defaults
     * @param wHidden  mean of the input-to-hidden weights
     * @param sdHidden standard deviation of the input-to-hidden weights
     * @param wOut     mean of the hidden-to-output weights
     * @param sdOut    standard deviation of the hidden-to-output weights
     * @param tolerance integrator tolerance for training (numerically integrated models): the loosest of 1e-6, 3e-7,
     *                 1e-7, 3e-8 whose EventProp gradient stays within 5e-5 of the 1e-12 gradient, relative to its
     *                 largest entry, on every one of 40 samples ({@code ToleranceStudy 40}: half the 1e-4 that
     *                 training needs)
     * @param why      how the values were chosen
     */
    public record Preset(String model, Map<String, Double> params, double wHidden, double sdHidden, double wOut,
                         double sdOut, double tolerance, String why) {
    }

    private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

    static {
        add(new Preset("lif", Map.of(), 1.5, 0.78, 0.93, 0.1, TRAIN_TOLERANCE,
                "Wunderlich & Pehle's Yin-Yang initialisation"));
        add(new Preset("qif", Map.of(), 1.5, 0.78, 0.93, 0.1, 3e-7,
                "W&P's LIF values: QIF's drive I + bias enters like LIF's (same tau_syn, tau_mem); QIF is more "
                        + "excitable, so with them every hidden neuron fires about once per sample at the start (LIF: "
                        + "about 30 %), and the network trains to 97 % on Yin-Yang"));
        add(new Preset("eif", Map.of(), 1.5, 0.78, 0.93, 0.1, 3e-8,
                "W&P's LIF values (EIF's rheobase is 0.8, close to LIF's threshold 1)"));
        add(new Preset("alif", Map.of(), 1.5, 0.78, 0.93, 0.1, 1e-6,
                "W&P's LIF values (ALIF is LIF with an adaptive threshold); its equations are affine in the state, so "
                        + "its spikes are exact at any tolerance, which then sets only the backward pass's accuracy"));
        add(new Preset("izhikevich", Map.of(), 8.0, 4.0, 2.0, 0.5, 1e-6,
                "weights in Izhikevich's units (mV/ms): a neuron at rest needs 10-20 mV of fast drive"));
        add(new Preset("funky", Map.of("tau_mem", 0.3, "bias", 2.0, "thresh", 0.8), 0.4, 0.3, 0.1, 0.05, 1e-7,
                "the tutorial's model with a slower rate (tau_mem 0.3/ms) and a bias that puts its rest point below "
                        + "threshold: about 60 % of the hidden neurons fire, 1.3 times each (153 hidden spikes per "
                        + "sample); the earlier rate 1/ms made 92 % fire 3.5 times each (650 spikes) at 3x the cost, "
                        + "and the weaker weights tried instead (N(0.2, 0.2)) gave grazing crossings whose spike "
                        + "count changed with the tolerance down to 3e-8"));
    }

    private static void add(Preset p) {
        PRESETS.put(p.model(), p);
    }

    private ModelPresets() {
    }

    /**
     * Names of the models with presets.
     *
     * @return the registry names of the models with presets, in the order they were added
     */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The preset of {@code model}; {@link IllegalArgumentException} naming the known ones if there is none.
     *
     * @param model registry name, e.g. {@code "lif"}
     * @return the preset of {@code model}
     */
    public static Preset of(String model) {
        Preset p = PRESETS.get(model);
        if (p == null) {
            throw new IllegalArgumentException("no training preset for model '" + model + "' (known: "
                    + String.join(", ", PRESETS.keySet()) + ")");
        }
        return p;
    }

    /**
     * A builder for a 5-input network {@code hidden-out} of {@code model} (or {@code instance}, if not null, with the
     * preset of {@code model}), window 100 ms, preset weights and parameters.
     *
     * @param model    registry name whose preset (and, if {@code instance} is null, model) is used
     * @param instance the model to build with, or null for the registry's {@code model}
     * @param hidden   number of hidden neurons
     * @param out      number of output neurons
     * @param seed     seed of the weight initialisation
     * @return the configured builder (tolerance {@link #TRAIN_TOLERANCE} for models without a closed form)
     */
    public static FFEvNN.Builder builder(String model, NeuronModel instance, int hidden, int out, long seed) {
        Preset p = of(model);
        NeuronModel m = instance != null ? instance : Models.byName(model);
        FFEvNN.Builder b = FFEvNN.builder(m).layers(hidden, out).inSize(5).maxSolverTime(100.0).seed(seed)
                .gaussianWeights(0, p.wHidden(), p.sdHidden()).gaussianWeights(1, p.wOut(), p.sdOut());
        for (Map.Entry<String, Double> e : p.params().entrySet()) {
            b.param(e.getKey(), e.getValue());
        }
        if (!(m.closedForm() != null)) {
            b.tolerance(p.tolerance());
        }
        return b;
    }
}
