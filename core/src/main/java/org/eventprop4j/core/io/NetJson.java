package org.eventprop4j.core.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;

/**
 * Reads and writes networks in the interchange format {@code evnn-net/1} ({@code spec/interchange.md}):
 * <pre>
 * { "format": "evnn-net/1", "model": "lif", "in_size": 2, "max_solver_time": 30.0,
 *   "solver_stepsize": 0.1, "max_event_steps": 100000,
 *   "layers": [ { "size": 3, "weights": [[..size..] x fan_in], "bias": [..], "tau_syn": [..], "tau_mem": [..],
 *                 "thresh": [..] } ] }
 * </pre>
 * <ul>
 *   <li>{@code format} is optional; if present it must be {@code "evnn-net/1"}.</li>
 *   <li>{@code model} names a model of the {@link Models} registry ({@code lif}, {@code qif}).</li>
 *   <li>{@code in_size} (positive integer) and {@code max_solver_time} (ms, positive, finite) are required.</li>
 *   <li>Optional {@code solver_stepsize} (ms, &gt; 0; event-check interval of
 *       numerically integrated models such as QIF; default {@value SimOptions#DEFAULT_SOLVER_STEPSIZE}) and
 *       {@code max_event_steps} (positive integer; most events, i.e. input spikes in the window plus all neuron
 *       spikes, one sample may produce before the simulation fails; default
 *       {@value SimOptions#DEFAULT_MAX_EVENT_STEPS}) map to {@link SimOptions}. The writer always writes them.</li>
 *   <li>Per layer: {@code weights[pre][post]} of shape {@code [fan_in][size]} and one array of {@code size} values
 *       per model parameter, named as in {@link NeuronModel#params()} (LIF: {@code tau_syn, tau_mem, bias,
 *       thresh}; QIF: {@code tau_syn, tau_mem, bias}). {@code size} is optional; if present it must agree.</li>
 *   <li>Extension (eventprop4j): a layer may carry its own {@code "model"} (a registry name), e.g. QIF hidden
 *       layers with a LIF output layer or an {@code "li"} readout; a layer without it runs the top-level model. The
 *       writer writes a layer's {@code "model"} only where it differs from the top-level one (the first layer's), so
 *       single-model files are unchanged.</li>
 *   <li>Unknown extra keys are ignored. The literals {@code NaN}/{@code Infinity} are accepted by the parser and
 *       then rejected as invalid values, with a message naming the entry.</li>
 * </ul>
 * Every error is an {@link InterchangeException} whose one-line message starts with the file name.
 */
public final class NetJson {

    /** The value of the {@code "format"} key. */
    public static final String FORMAT = "evnn-net/1";

    private NetJson() {
    }

    /**
     * Reads a network; batch methods of the result use all available processors.
     *
     * @param path the net.json file
     * @return the network
     */
    public static FFEvNN read(Path path) {
        return read(path, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reads a network whose batch methods use {@code threads} threads.
     *
     * @param path    the net.json file
     * @param threads threads of the network's batch methods
     * @return the network
     */
    public static FFEvNN read(Path path, int threads) {
        return fromTree(Json.readFile(path), path.toString(), threads);
    }

    /**
     * Parses a network from JSON text; {@code label} names the source in messages.
     *
     * @param json    the JSON text
     * @param label   name of the source in error messages
     * @param threads threads of the network's batch methods
     * @return the network
     */
    public static FFEvNN parse(String json, String label, int threads) {
        try {
            return fromTree(Json.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), label),
                    label, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of a net.json object. */
    static final List<String> ROOT_KEYS = List.of("format", "model", "in_size", "max_solver_time", "solver_stepsize",
            "max_event_steps", "tolerance", "max_solver_steps", "layers");
    /** The keys of a layer besides its model's parameter names. */
    static final List<String> LAYER_KEYS = List.of("model", "size", "weights");

    static FFEvNN fromTree(JsonNode rootNode, String label, int threads) {
        ObjectNode root = Json.object(rootNode, label);
        JsonKeys.requireKnown(root, ROOT_KEYS, label, "");
        JsonNode format = root.get("format");
        if (format != null && !(format.isTextual() && FORMAT.equals(format.asText()))) {
            throw new InterchangeException(label + ": unsupported format " + Json.describe(format) + ", expected \""
                    + FORMAT + "\"");
        }
        JsonNode modelNode = Json.required(root, "model", label, "");
        if (!modelNode.isTextual()) {
            throw new InterchangeException(label + ": model must be a string (one of " + String.join(", ",
                    Models.names()) + "), got " + Json.describe(modelNode));
        }
        NeuronModel model;
        try {
            model = Models.byName(modelNode.asText());
        } catch (IllegalArgumentException e) {
            throw new InterchangeException(label + ": " + e.getMessage(), e);
        }
        int inSize = positiveInt(Json.required(root, "in_size", label, ""), label, "in_size");
        double tEnd = Json.number(Json.required(root, "max_solver_time", label, ""), label, "max_solver_time");
        if (!(tEnd > 0) || !Double.isFinite(tEnd)) {
            throw new InterchangeException(label + ": max_solver_time = " + tEnd + " must be a finite number > 0 (ms)");
        }
        SimOptions options = SimOptions.of(tEnd);
        JsonNode step = root.get("solver_stepsize");
        if (step != null) {
            double s = Json.number(step, label, "solver_stepsize");
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new InterchangeException(label + ": solver_stepsize = " + s + " must be a finite number > 0 (ms)");
            }
            options = options.withSolverStepsize(s);
        }
        JsonNode cap = root.get("max_event_steps");
        if (cap != null) {
            options = options.withMaxEventSteps(positiveInt(cap, label, "max_event_steps"));
        }
        JsonNode tol = root.get("tolerance");
        if (tol != null) {
            double v = Json.number(tol, label, "tolerance");
            if (!(v > 0) || !(v < 1e-3)) {
                throw new InterchangeException(label + ": tolerance = " + v + " must be a number in (0, 1e-3) "
                        + "(integrator error tolerance of numerically integrated models)");
            }
            options = options.withTolerance(v);
        }
        JsonNode work = root.get("max_solver_steps");
        if (work != null) {
            options = options.withMaxSolverSteps(positiveInt(work, label, "max_solver_steps"));
        }
        ArrayNode layersNode = Json.array(Json.required(root, "layers", label, ""), label, "layers");
        if (layersNode.isEmpty()) {
            throw new InterchangeException(label + ": layers is empty; a network needs at least one layer");
        }
        List<Layer> layers = new ArrayList<>();
        List<NeuronModel> models = new ArrayList<>();
        java.util.Map<String, NeuronModel> byName = new java.util.HashMap<>();
        byName.put(model.name(), model);
        int fanIn = inSize;
        for (int l = 0; l < layersNode.size(); l++) {
            NeuronModel m = model;
            JsonNode ln = layersNode.get(l);
            JsonNode lm = ln.isObject() ? ln.get("model") : null;
            if (lm != null) {
                if (!lm.isTextual()) {
                    throw new InterchangeException(label + ": layer " + l + ": model must be a string (one of "
                            + String.join(", ", Models.names()) + "), got " + Json.describe(lm));
                }
                try {
                    m = byName.computeIfAbsent(lm.asText(), Models::byName);
                } catch (IllegalArgumentException e) {
                    throw new InterchangeException(label + ": layer " + l + ": " + e.getMessage(), e);
                }
            }
            Layer layer = readLayer(ln, m, fanIn, l, label);
            layers.add(layer);
            models.add(m);
            fanIn = layer.size();
        }
        try {
            return new FFEvNN(models, inSize, layers, options, threads);
        } catch (IllegalArgumentException e) { // not expected after the checks above, but keep the contract
            throw new InterchangeException(label + ": " + e.getMessage(), e);
        }
    }

    private static Layer readLayer(JsonNode node, NeuronModel model, int fanIn, int l, String label) {
        String at = "layer " + l + ": ";
        if (!node.isObject()) {
            throw new InterchangeException(label + ": " + at + "expected an object, got " + Json.describe(node));
        }
        List<String> names = new ArrayList<>();
        for (ParamSpec spec : model.params()) {
            names.add(spec.name());
        }
        JsonKeys.requireKnown(node, JsonKeys.concat(LAYER_KEYS, names), label, at + "(model " + model.name() + ") ");
        ArrayNode w = Json.array(Json.required(node, "weights", label, at), label, at + "weights");
        if (w.size() != fanIn) {
            throw new InterchangeException(label + ": " + at + "weights has " + w.size() + " rows, expected fan-in "
                    + fanIn + (l == 0 ? " (in_size)" : " (size of layer " + (l - 1) + ")"));
        }
        int size;
        JsonNode sizeNode = node.get("size");
        if (sizeNode != null) {
            size = positiveInt(sizeNode, label, at + "size");
        } else {
            size = Json.array(w.get(0), label, at + "weights[0]").size();
            if (size == 0) {
                throw new InterchangeException(label + ": " + at + "weights[0] is empty; a layer needs at least one "
                        + "neuron");
            }
        }
        double[] weights = new double[fanIn * size];
        for (int j = 0; j < fanIn; j++) {
            ArrayNode row = Json.array(w.get(j), label, at + "weights[" + j + "]");
            if (row.size() != size) {
                throw new InterchangeException(label + ": " + at + "weights[" + j + "] has " + row.size()
                        + " columns, expected " + size + " (layer size)");
            }
            for (int i = 0; i < size; i++) {
                double v = Json.number(row.get(i), label, at + "weight[" + j + "][" + i + "]");
                if (!Double.isFinite(v)) {
                    throw new InterchangeException(label + ": " + at + "weight[" + j + "][" + i + "] is " + v
                            + "; weights must be finite");
                }
                weights[j * size + i] = v;
            }
        }
        List<ParamSpec> specs = model.params();
        double[][] params = new double[specs.size()][];
        for (int k = 0; k < specs.size(); k++) {
            ParamSpec spec = specs.get(k);
            String name = spec.name();
            ArrayNode a = Json.array(Json.required(node, name, label, at + "(model " + model.name() + ") "), label,
                    at + name);
            if (a.size() != size) {
                throw new InterchangeException(label + ": " + at + name + " has " + a.size() + " values, expected "
                        + size + " (layer size)");
            }
            params[k] = new double[size];
            for (int i = 0; i < size; i++) {
                double v = Json.number(a.get(i), label, at + name + "[" + i + "]");
                checkParam(spec, v, label + ": layer " + l + " neuron " + i + ": ");
                params[k][i] = v;
            }
        }
        return new Layer(fanIn, size, weights, params);
    }

    /** Throws {@code "<prefix>tau_mem = -1.0 must be > 0"} if {@code v} is outside the parameter's range. */
    static void checkParam(ParamSpec spec, double v, String prefix) {
        if (spec.isValid(v)) {
            return;
        }
        String unit = spec.unit() == null || spec.unit().isEmpty() ? "" : " (" + spec.unit() + ")";
        String need;
        if (!Double.isFinite(v)) {
            need = "must be finite";
        } else if (spec.lowerOpen() ? !(v > spec.lower()) : !(v >= spec.lower())) {
            need = "must be " + (spec.lowerOpen() ? "> " : ">= ") + fmt(spec.lower());
        } else {
            need = "must be <= " + fmt(spec.upper());
        }
        throw new InterchangeException(prefix + spec.name() + " = " + v + " " + need + unit);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static int positiveInt(JsonNode n, String label, String what) {
        double v = Json.number(n, label, what);
        if (!(v >= 1) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new InterchangeException(label + ": " + what + " = " + Json.describe(n)
                    + " must be a positive integer");
        }
        return (int) v;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Checks that every model of {@code net} reads back as itself: its {@link NeuronModel#name()} is registered in
     * {@link Models} and the registered factory makes an instance of the same class. A subclass that inherits its
     * parent's name (e.g. a user's {@code class MyNeuron extends LIF} without its own name) would otherwise be written
     * as the parent and silently read back as the parent.
     *
     * @param net the network to check
     * @throws IllegalArgumentException naming the model class, the name it would be written under, and the fix
     */
    public static void requireRoundTrip(FFEvNN net) {
        for (NeuronModel m : net.models()) {
            String name = m.name();
            if (!Models.isKnown(name)) {
                throw new IllegalArgumentException("model \"" + name + "\" (" + m.getClass().getName()
                        + ") is not registered in Models (" + String.join(", ", Models.names())
                        + "); register it (Models.register(\"" + name + "\", ...)) before writing it");
            }
            Class<?> back = Models.byName(name).getClass();
            if (back != m.getClass()) {
                throw new IllegalArgumentException("model class " + m.getClass().getName() + " would be written as \""
                        + name + "\", which reads back as " + back.getName() + ": give the model its own name (the "
                        + "NeuronModel(name, channels, params) constructor) and register it with Models.register");
            }
        }
    }

    /**
     * The JSON tree of a network (format, model, sizes, options, and every layer's weights and parameters).
     *
     * @param net the network
     * @return a new JSON object
     * @throws IllegalArgumentException if a model would not read back as itself ({@link #requireRoundTrip})
     */
    public static ObjectNode toTree(FFEvNN net) {
        requireRoundTrip(net);
        ObjectNode root = Json.NODES.objectNode();
        root.put("format", FORMAT);
        root.put("model", net.model().name());
        root.put("in_size", net.inSize());
        SimOptions o = net.options();
        root.put("max_solver_time", o.maxSolverTime());
        root.put("solver_stepsize", o.solverStepsize());
        root.put("max_event_steps", o.maxEventSteps());
        if (o.tolerance() != SimOptions.DEFAULT_TOLERANCE) {
            root.put("tolerance", o.tolerance());
        }
        if (o.maxSolverSteps() != SimOptions.DEFAULT_MAX_SOLVER_STEPS) {
            root.put("max_solver_steps", o.maxSolverSteps());
        }
        ArrayNode layers = root.putArray("layers");
        for (int l = 0; l < net.layers().size(); l++) {
            Layer layer = net.layers().get(l);
            NeuronModel m = net.model(l);
            List<ParamSpec> specs = m.params();
            ObjectNode ln = layers.addObject();
            if (!m.name().equals(net.model().name())) {
                ln.put("model", m.name());
            }
            ln.put("size", layer.size());
            ArrayNode w = ln.putArray("weights");
            for (double[] row : layer.weightMatrix()) {
                w.add(Json.numbers(row));
            }
            for (int k = 0; k < specs.size(); k++) {
                ln.set(specs.get(k).name(), Json.numbers(layer.params()[k]));
            }
        }
        return root;
    }

    /**
     * The network as JSON text.
     *
     * @param net the network
     * @return the JSON text (pretty-printed)
     */
    public static String toJson(FFEvNN net) {
        try {
            return Json.WRITER.writeValueAsString(toTree(net));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a network atomically (temporary file in the same folder, then an atomic move).
     *
     * @param net  the network
     * @param path the net.json file
     * @throws IllegalArgumentException if a model would not read back as itself ({@link #requireRoundTrip})
     * @throws IOException if the file cannot be written
     */
    public static void write(FFEvNN net, Path path) throws IOException {
        Json.write(path, toTree(net));
    }
}
