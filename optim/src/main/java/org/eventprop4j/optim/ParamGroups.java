package org.eventprop4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;

/**
 * Which parameters an optimiser trains, and with which learning-rate multiplier. Groups are {@value #WEIGHTS} (all
 * synaptic weights) and each model parameter by name (e.g. {@code "tau_mem"}, {@code "tau_syn"}, {@code "bias"},
 * {@code "thresh"}); a group applies to every layer except the layers frozen with {@link #freezeLayer(int)}. Groups
 * not listed are frozen: their values stay bit-identical.
 *
 * <p>Default ({@link #weightsOnly()}): weights only, as in Wunderlich &amp; Pehle, so a reproduction of their setup
 * trains exactly what they trained. Immutable.
 */
public final class ParamGroups {
    /** The group of all synaptic weights. */
    public static final String WEIGHTS = "weights";

    private final Map<String, Double> multipliers;
    private final Set<Integer> frozenLayers;

    private ParamGroups(Map<String, Double> multipliers, Set<Integer> frozenLayers) {
        this.multipliers = Collections.unmodifiableMap(multipliers);
        this.frozenLayers = Collections.unmodifiableSet(frozenLayers);
    }

    /**
     * Weights only (the default).
     *
     * @return groups training {@value #WEIGHTS} with multiplier 1
     */
    public static ParamGroups weightsOnly() {
        return of(WEIGHTS);
    }

    /**
     * The named groups, each with multiplier 1.
     *
     * @param names group names ({@value #WEIGHTS} or model parameter names)
     * @return groups training exactly those names
     */
    public static ParamGroups of(String... names) {
        ParamGroups g = new ParamGroups(new LinkedHashMap<>(), new TreeSet<>());
        for (String n : names) {
            g = g.train(n, 1.0);
        }
        return g;
    }

    /**
     * Weights and every parameter of {@code model} whose {@link ParamSpec#trainable()} is true.
     *
     * @param model the neuron model
     * @return groups training the weights and those parameters, each with multiplier 1
     */
    public static ParamGroups allTrainable(NeuronModel model) {
        ParamGroups g = weightsOnly();
        for (ParamSpec s : model.params()) {
            if (s.trainable()) {
                g = g.train(s.name(), 1.0);
            }
        }
        return g;
    }

    /**
     * Also trains {@code name} with multiplier 1.
     *
     * @param name the group to train
     * @return a copy of these groups that also trains {@code name}
     */
    public ParamGroups train(String name) {
        return train(name, 1.0);
    }

    /**
     * Also trains {@code name}, with its learning rate multiplied by {@code multiplier} ({@code > 0}, finite).
     *
     * @param name       the group to train
     * @param multiplier its learning-rate multiplier
     * @return a copy of these groups that also trains {@code name} (replacing its multiplier if it was trained)
     */
    public ParamGroups train(String name, double multiplier) {
        if (!(multiplier > 0) || !Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("multiplier of group " + name + " must be positive and finite, got "
                    + multiplier + " (use freeze to stop training a group)");
        }
        Map<String, Double> m = new LinkedHashMap<>(multipliers);
        m.put(name, multiplier);
        return new ParamGroups(m, new TreeSet<>(frozenLayers));
    }

    /**
     * Stops training {@code name}.
     *
     * @param name the group to freeze
     * @return a copy of these groups without {@code name}
     */
    public ParamGroups freeze(String name) {
        Map<String, Double> m = new LinkedHashMap<>(multipliers);
        m.remove(name);
        return new ParamGroups(m, new TreeSet<>(frozenLayers));
    }

    /**
     * Freezes every parameter of layer {@code layer} (0 = first hidden layer).
     *
     * @param layer the layer index
     * @return a copy of these groups with that layer frozen
     */
    public ParamGroups freezeLayer(int layer) {
        Set<Integer> f = new TreeSet<>(frozenLayers);
        f.add(layer);
        return new ParamGroups(new LinkedHashMap<>(multipliers), f);
    }

    /**
     * The learning-rate multiplier of {@code name}, 0 if frozen.
     *
     * @param name a group name
     * @return its learning-rate multiplier, or 0
     */
    public double multiplier(String name) {
        return multipliers.getOrDefault(name, 0.0);
    }

    /**
     * Whether group {@code name} is trained.
     *
     * @param name a group name
     * @return whether it is trained
     */
    public boolean trains(String name) {
        return multipliers.containsKey(name);
    }

    /**
     * Whether layer {@code layer} is frozen as a whole.
     *
     * @param layer a layer index
     * @return whether it is frozen
     */
    public boolean layerFrozen(int layer) {
        return frozenLayers.contains(layer);
    }

    /**
     * Trained group names, in the order they were added.
     *
     * @return the trained group names (unmodifiable)
     */
    public Set<String> names() {
        return multipliers.keySet();
    }

    /**
     * Checks the groups against {@code model}: every name must be {@value #WEIGHTS} or a parameter of the model, and a
     * parameter declared fixed ({@code trainable == false}) must not be trained.
     *
     * @param model the neuron model of every layer
     * @throws IllegalArgumentException if a name is unknown or names a parameter declared fixed
     */
    public void check(NeuronModel model) {
        check(List.of(model));
    }

    /**
     * Checks the groups against the models of a network's layers: every name must be {@value #WEIGHTS} or a trainable
     * parameter of at least one of them (a layer whose model lacks the parameter, or declares it fixed, simply does
     * not train it).
     *
     * @param models the neuron models of the layers
     * @throws IllegalArgumentException if a name is unknown or is not trainable in any of the models
     */
    public void check(List<NeuronModel> models) {
        List<String> valid = new ArrayList<>();
        valid.add(WEIGHTS);
        for (NeuronModel m : models) {
            for (ParamSpec s : m.params()) {
                if (!valid.contains(s.name())) {
                    valid.add(s.name());
                }
            }
        }
        String names = String.join("/", models.stream().map(NeuronModel::name).distinct().toList());
        for (String n : multipliers.keySet()) {
            if (!valid.contains(n)) {
                throw new IllegalArgumentException("unknown parameter group '" + n + "' for model " + names
                        + "; groups are " + valid);
            }
            if (n.equals(WEIGHTS)) {
                continue;
            }
            boolean trainable = false;
            for (NeuronModel m : models) {
                int k = m.paramIndex(n);
                trainable |= k >= 0 && m.params().get(k).trainable();
            }
            if (!trainable) {
                throw new IllegalArgumentException("parameter '" + n + "' of model " + names
                        + " is declared fixed (not trainable)");
            }
        }
    }

    /**
     * Frozen layers, ascending.
     *
     * @return the indices of the frozen layers (unmodifiable)
     */
    public Set<Integer> frozenLayers() {
        return frozenLayers;
    }

    /**
     * The groups as the text {@link #parse} reads: names in order, each with {@code :multiplier} unless it is 1, then
     * {@code ;frozen=L1,L2} if layers are frozen, e.g. {@code "weights,tau_mem:0.1,bias"}.
     *
     * @return the text form of these groups
     */
    public String spec() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : multipliers.entrySet()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(e.getKey());
            if (e.getValue() != 1.0) {
                b.append(':').append(e.getValue());
            }
        }
        if (!frozenLayers.isEmpty()) {
            b.append(";frozen=");
            b.append(String.join(",", frozenLayers.stream().map(String::valueOf).toList()));
        }
        return b.toString();
    }

    /**
     * Reads groups from text: a comma-separated list of {@value #WEIGHTS} and parameter names of {@code model}, each
     * optionally with {@code :multiplier} (its learning-rate multiplier, default 1), or {@code all} for
     * {@link #allTrainable}; optionally followed by {@code ;frozen=L1,L2} (layers whose parameters all stay fixed,
     * 0 = first hidden layer). Examples: {@code "weights"}, {@code "weights,tau_mem,tau_syn,bias"},
     * {@code "all"}, {@code "weights,tau_mem:0.1"}.
     *
     * @param spec  the text
     * @param model the neuron model the names refer to
     * @return the groups
     * @throws IllegalArgumentException naming the bad entry (unknown group, fixed parameter, bad multiplier, empty)
     */
    public static ParamGroups parse(String spec, NeuronModel model) {
        return parse(spec, List.of(model));
    }

    /**
     * As {@link #parse(String, NeuronModel)} for a network whose layers run {@code models} (e.g.
     * {@code net.models()}): {@code all} means the weights and every parameter trainable in at least one of them.
     *
     * @param spec   the text
     * @param models the neuron models of the network's layers
     * @return the groups
     */
    public static ParamGroups parse(String spec, List<NeuronModel> models) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty parameter-group list (use e.g. 'weights' or 'all')");
        }
        String list = spec.trim();
        Set<Integer> frozen = new TreeSet<>();
        int semi = list.indexOf(';');
        if (semi >= 0) {
            String rest = list.substring(semi + 1).trim();
            list = list.substring(0, semi).trim();
            if (!rest.startsWith("frozen=")) {
                throw new IllegalArgumentException("parameter groups '" + spec + "': after ';' expected frozen=L1,L2");
            }
            for (String l : rest.substring("frozen=".length()).split(",", -1)) {
                try {
                    int v = Integer.parseInt(l.trim());
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    frozen.add(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("parameter groups '" + spec + "': frozen layer '" + l.trim()
                            + "' is not a layer index >= 0", e);
                }
            }
        }
        ParamGroups g = new ParamGroups(new LinkedHashMap<>(), new TreeSet<>());
        for (String item : list.split(",", -1)) {
            String it = item.trim();
            if (it.isEmpty()) {
                throw new IllegalArgumentException("parameter groups '" + spec + "': empty entry");
            }
            String name = it;
            double mult = 1.0;
            int colon = it.indexOf(':');
            if (colon >= 0) {
                name = it.substring(0, colon).trim();
                String m = it.substring(colon + 1).trim();
                try {
                    mult = Double.parseDouble(m);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("parameter groups '" + spec + "': multiplier '" + m + "' of "
                            + name + " is not a number", e);
                }
            }
            if (name.equals("all")) {
                List<String> all = new ArrayList<>();
                for (NeuronModel m : models) {
                    for (String n : allTrainable(m).names()) {
                        if (!all.contains(n)) {
                            all.add(n);
                        }
                    }
                }
                for (String n : all) {
                    if (!g.trains(n)) {
                        g = g.train(n, mult);
                    }
                }
                continue;
            }
            if (g.trains(name)) {
                throw new IllegalArgumentException("parameter groups '" + spec + "': " + name + " is listed twice");
            }
            g = g.train(name, mult);
        }
        g.check(models);
        for (int l : frozen) {
            g = g.freezeLayer(l);
        }
        return g;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamGroups g && g.multipliers.equals(multipliers)
                && List.copyOf(g.multipliers.keySet()).equals(List.copyOf(multipliers.keySet()))
                && g.frozenLayers.equals(frozenLayers);
    }

    @Override
    public int hashCode() {
        return multipliers.hashCode() * 31 + frozenLayers.hashCode();
    }

    @Override
    public String toString() {
        return "ParamGroups" + multipliers + (frozenLayers.isEmpty() ? "" : " frozen layers " + frozenLayers);
    }
}
