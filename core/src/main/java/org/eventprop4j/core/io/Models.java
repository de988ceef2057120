package org.eventprop4j.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.eventprop4j.core.model.ALIF;
import org.eventprop4j.core.model.EIF;
import org.eventprop4j.core.model.FunkyNeuron;
import org.eventprop4j.core.model.Izhikevich;
import org.eventprop4j.core.model.LI;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.QIF;

/**
 * The neuron models that the interchange format knows by name ({@code "model"} in net.json). Built in: {@code lif}
 * ({@link LIF}), {@code qif} ({@link QIF}), {@code eif} ({@link EIF}), {@code izhikevich} ({@link Izhikevich}),
 * {@code alif} ({@link ALIF}) and {@code funky} (the tutorial's {@link FunkyNeuron}). Further models are added with
 * {@link #register}; a registered model's parameters are read and written under the names of its
 * {@link NeuronModel#params()}.
 */
public final class Models {

    private static final Map<String, Supplier<? extends NeuronModel>> REGISTRY = new LinkedHashMap<>();

    static {
        register("lif", LIF::new);
        register("qif", QIF::new);
        register("eif", EIF::new);
        register("izhikevich", Izhikevich::new);
        register("alif", ALIF::new);
        register("funky", FunkyNeuron::new);
        register("li", LI::new);
    }

    private Models() {
    }

    /**
     * Makes a model known under {@code name} (case-insensitive; stored in lower case). Replaces an earlier
     * registration of the same name. The supplier should return a model whose {@link NeuronModel#name()} is
     * {@code name}, so that a written net.json reads back as the same model.
     *
     * @param name    the model's name (not blank)
     * @param factory makes a new instance of the model
     */
    public static synchronized void register(String name, Supplier<? extends NeuronModel> factory) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        REGISTRY.put(name.toLowerCase(Locale.ROOT), factory);
    }

    /**
     * The registered names, in registration order.
     *
     * @return a new list of the registered names
     */
    public static synchronized List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }

    /**
     * Whether {@code name} is registered.
     *
     * @param name a model name, or null
     * @return whether it is registered (case-insensitively)
     */
    public static synchronized boolean isKnown(String name) {
        return name != null && REGISTRY.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A new instance of the model called {@code name} (case-insensitive).
     *
     * @param name the model's name
     * @return a new instance from the registered factory
     * @throws IllegalArgumentException for an unknown name; the message lists the known names
     */
    public static synchronized NeuronModel byName(String name) {
        Supplier<? extends NeuronModel> f = name == null ? null : REGISTRY.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown model \"" + name + "\"; known models: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return f.get();
    }
}
