package org.eventprop4j.optim.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eventprop4j.core.io.AtomicFiles;
import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.optim.ParamGroups;

/**
 * Everything needed to continue a training run exactly: written after every epoch as one JSON file
 * ({@value #FORMAT}), atomically (temporary file in the same folder, flushed, then moved over the old checkpoint),
 * so a crash leaves the previous complete checkpoint.
 * <pre>
 * { "format": "evnn-checkpoint/1",
 *   "net":     { ...evnn-net/1 of the network after epoch "epochs_done"... },
 *   "trainer": { "config": {...TrainConfig...}, "epochs_done": 7, "optimizer": [ ...Optimizer.exportState()... ],
 *                "best_epoch": 6, "best_val_accuracy": 0.93, "epochs_since_best": 1, "stopped_early": false,
 *                "history": [ {...EpochMetrics...}, ... ], "meta": { "data": "publication", ... } },
 *   "best_net": { ...evnn-net/1... },         (only with validation data)
 *   "average_net": { ...evnn-net/1... }       (only with weight averaging, once it has begun; the trainer then also
 *                                              has "averaged_epochs": the number of networks in that mean)
 * }
 * </pre>
 * Shuffling depends only on {@code (seed, epoch)}, so no random-generator state needs saving. Doubles are written in
 * their shortest round-trip form, so a resumed run continues bit-identically. {@code "net"} is a plain
 * {@code evnn-net/1} object: {@code jq .net checkpoint.json > net.json} gives a file every {@code evnn} command reads.
 *
 * @param net              the network after {@code epochsDone} epochs
 * @param config           the run's hyperparameters
 * @param epochsDone       completed epochs
 * @param optimizerState   {@link org.eventprop4j.optim.Optimizer#exportState()}
 * @param history          metrics of the completed epochs
 * @param bestEpoch        1-based epoch with the highest validation accuracy so far (0 if none)
 * @param bestValAccuracy  that accuracy (NaN if none)
 * @param epochsSinceBest  epochs since then (early stopping counter)
 * @param stoppedEarly     whether early stopping ended the run
 * @param bestNet          the network after {@code bestEpoch} (null without validation data)
 * @param meta             free-form strings (e.g. the data source), kept across resumes
 * @param averageNet       the weight average of the networks after epochs {@code config.averageFrom()} to
 *                         {@code epochsDone} ({@link TrainConfig#averageFrom}); null before averaging begins or
 *                         without it
 * @param averagedEpochs   how many networks {@code averageNet} averages (0 if it is null)
 */
public record Checkpoint(FFEvNN net, TrainConfig config, int epochsDone, double[] optimizerState,
                         List<EpochMetrics> history, int bestEpoch, double bestValAccuracy, int epochsSinceBest,
                         boolean stoppedEarly, FFEvNN bestNet, Map<String, String> meta, FFEvNN averageNet,
                         int averagedEpochs) {

    /** The value of the top-level {@code "format"} key. */
    public static final String FORMAT = "evnn-checkpoint/1";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Copies the collections: {@code history} and {@code meta} into unmodifiable copies, {@code optimizerState}
     * into a new array. Nothing else is checked here; {@link #fromTree} checks the epochs done against the config's
     * epochs and the history length when it reads a checkpoint.
     *
     * @param net             the network after {@code epochsDone} epochs
     * @param config          the run's hyperparameters
     * @param epochsDone      completed epochs
     * @param optimizerState  the optimiser state (copied)
     * @param history         metrics of the completed epochs (copied)
     * @param bestEpoch       1-based epoch with the highest validation accuracy so far (0 if none)
     * @param bestValAccuracy that accuracy (NaN if none)
     * @param epochsSinceBest epochs since then
     * @param stoppedEarly    whether early stopping ended the run
     * @param bestNet         the network after {@code bestEpoch}, or null
     * @param meta            free-form strings (copied)
     * @param averageNet      the weight average so far, or null
     * @param averagedEpochs  how many networks it averages (0 if it is null)
     * @throws IllegalArgumentException if {@code averagedEpochs} does not fit {@code averageNet}
     */
    public Checkpoint {
        history = List.copyOf(history);
        meta = Map.copyOf(meta);
        optimizerState = optimizerState.clone();
        if (averagedEpochs < 0 || (averageNet == null) != (averagedEpochs == 0)) {
            throw new IllegalArgumentException("a checkpoint's weight average must hold at least one network, and "
                    + "only then be present (averaged epochs " + averagedEpochs + ", average "
                    + (averageNet == null ? "absent" : "present") + ")");
        }
    }

    /**
     * A checkpoint of a run without weight averaging (no {@code averageNet}).
     *
     * @param net             the network after {@code epochsDone} epochs
     * @param config          the run's hyperparameters
     * @param epochsDone      completed epochs
     * @param optimizerState  the optimiser state (copied)
     * @param history         metrics of the completed epochs (copied)
     * @param bestEpoch       1-based epoch with the highest validation accuracy so far (0 if none)
     * @param bestValAccuracy that accuracy (NaN if none)
     * @param epochsSinceBest epochs since then
     * @param stoppedEarly    whether early stopping ended the run
     * @param bestNet         the network after {@code bestEpoch}, or null
     * @param meta            free-form strings (copied)
     */
    public Checkpoint(FFEvNN net, TrainConfig config, int epochsDone, double[] optimizerState,
                      List<EpochMetrics> history, int bestEpoch, double bestValAccuracy, int epochsSinceBest,
                      boolean stoppedEarly, FFEvNN bestNet, Map<String, String> meta) {
        this(net, config, epochsDone, optimizerState, history, bestEpoch, bestValAccuracy, epochsSinceBest,
                stoppedEarly, bestNet, meta, null, 0);
    }

    /**
     * The trained network as of this checkpoint: the weight average if averaging has begun, else {@link #net}.
     *
     * @return the network a user evaluates
     */
    public FFEvNN model() {
        return averageNet != null ? averageNet : net;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * The checkpoint as a JSON tree.
     *
     * @return a new JSON object in the format shown in the class comment
     */
    public ObjectNode toTree() {
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.set("net", NetJson.toTree(net));
        ObjectNode tr = root.putObject("trainer");
        tr.set("config", configTree(config));
        tr.put("epochs_done", epochsDone);
        ArrayNode opt = tr.putArray("optimizer");
        for (double v : optimizerState) {
            opt.add(v);
        }
        tr.put("best_epoch", bestEpoch);
        putNum(tr, "best_val_accuracy", bestValAccuracy);
        tr.put("epochs_since_best", epochsSinceBest);
        tr.put("stopped_early", stoppedEarly);
        ArrayNode hist = tr.putArray("history");
        for (EpochMetrics m : history) {
            ObjectNode o = hist.addObject();
            o.put("epoch", m.epoch());
            putNum(o, "lr", m.lr());
            putNum(o, "train_loss", m.trainLoss());
            putNum(o, "train_accuracy", m.trainAccuracy());
            putNum(o, "val_loss", m.valLoss());
            putNum(o, "val_accuracy", m.valAccuracy());
            putNum(o, "hidden_spikes_per_sample", m.hiddenSpikesPerSample());
            putNum(o, "output_spikes_per_sample", m.outputSpikesPerSample());
            o.put("silent_label_samples", m.silentLabelSamples());
            putNum(o, "seconds", m.seconds());
            putNum(o, "train_seconds", m.trainSeconds());
        }
        ObjectNode mt = tr.putObject("meta");
        new java.util.TreeMap<>(meta).forEach(mt::put);
        if (bestNet != null) {
            root.set("best_net", NetJson.toTree(bestNet));
        }
        if (averageNet != null) {
            tr.put("averaged_epochs", averagedEpochs);
            root.set("average_net", NetJson.toTree(averageNet));
        }
        return root;
    }

    private static ObjectNode configTree(TrainConfig c) {
        ObjectNode o = NODES.objectNode();
        o.put("epochs", c.epochs());
        o.put("batch_size", c.batchSize());
        o.put("lr", c.lr());
        o.put("beta1", c.beta1());
        o.put("beta2", c.beta2());
        o.put("eps", c.eps());
        o.put("lr_decay", c.lrDecay());
        o.put("loss", c.loss());
        o.put("alpha", c.alpha());
        o.put("tau0", c.tau0());
        o.put("tau1", c.tau1());
        o.put("silent_push", c.silentPush());
        o.put("seed", c.seed());
        o.put("patience", c.patience());
        o.put("threads", c.threads());
        o.put("hidden_penalty", c.hiddenPenalty());
        o.put("hidden_penalty_tau", c.hiddenPenaltyTau());
        o.put("params", c.params().spec());
        if (c.averageFrom() != 0) {
            o.put("average_from", c.averageFrom());
        }
        return o;
    }

    private static void putNum(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /**
     * Writes the checkpoint atomically: the file is either the previous checkpoint or this complete one.
     *
     * @param file the checkpoint file
     * @throws IOException if the folder does not exist or is not writable (nothing is left behind)
     */
    public void write(Path file) throws IOException {
        ObjectNode tree = toTree();
        AtomicFiles.write(file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, tree));
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads a checkpoint; its networks' batch methods use {@code threads} threads.
     *
     * @param file    the checkpoint file
     * @param threads threads of the networks' batch methods
     * @return the checkpoint
     * @throws IllegalArgumentException with a one-line message naming the file if it is missing, unreadable,
     *                                  truncated, not valid JSON, or lacks or has invalid entries
     */
    public static Checkpoint read(Path file, int threads) {
        String label = file.toString();
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = MAPPER.readTree(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + label + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + label + ": permission denied");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint " + label + " is corrupt or truncated (invalid JSON: "
                    + org.eventprop4j.core.io.JsonErrors.describe(e) + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + label + ": " + e.getMessage());
        }
        return fromTree(root, label, threads);
    }

    /**
     * Parses a checkpoint tree ({@code label} names the source in messages).
     *
     * @param root    the parsed JSON
     * @param label   name of the source in error messages
     * @param threads threads of the networks' batch methods
     * @return the checkpoint
     */
    public static Checkpoint fromTree(JsonNode root, String label, int threads) {
        if (root == null || !root.isObject()) {
            throw bad(label, "expected a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !FORMAT.equals(format.asText())) {
            throw bad(label, "format must be \"" + FORMAT + "\", got " + (format == null ? "nothing" : format));
        }
        strict(root, ROOT_KEYS, label, "");
        strict(root.get("trainer"), TRAINER_KEYS, label, "trainer: ");
        JsonNode trainer = root.get("trainer");
        if (trainer != null) {
            strict(trainer.get("config"), CONFIG_KEYS, label, "trainer.config: ");
            JsonNode h = trainer.get("history");
            for (int i = 0; h != null && h.isArray() && i < h.size(); i++) {
                strict(h.get(i), HISTORY_KEYS, label, "trainer.history[" + i + "]: ");
            }
        }
        FFEvNN net = readNet(req(root, "net", label), label + " (net)", threads);
        JsonNode tr = req(root, "trainer", label);
        TrainConfig config = readConfig(req(tr, "config", label), label, net.models());
        int epochsDone = intOf(req(tr, "epochs_done", label), label, "trainer.epochs_done");
        if (epochsDone < 0 || epochsDone > config.epochs()) {
            throw bad(label, "trainer.epochs_done = " + epochsDone + " is outside [0, " + config.epochs() + "]");
        }
        JsonNode optNode = req(tr, "optimizer", label);
        if (!optNode.isArray()) {
            throw bad(label, "trainer.optimizer must be an array of numbers");
        }
        double[] opt = new double[optNode.size()];
        for (int i = 0; i < opt.length; i++) {
            opt[i] = num(optNode.get(i), label, "trainer.optimizer[" + i + "]");
        }
        List<EpochMetrics> history = new ArrayList<>();
        JsonNode hist = req(tr, "history", label);
        if (!hist.isArray()) {
            throw bad(label, "trainer.history must be an array");
        }
        for (int i = 0; i < hist.size(); i++) {
            JsonNode h = hist.get(i);
            String at = "trainer.history[" + i + "].";
            history.add(new EpochMetrics(intOf(req(h, "epoch", label), label, at + "epoch"),
                    numOrNaN(h, "lr", label, at), numOrNaN(h, "train_loss", label, at),
                    numOrNaN(h, "train_accuracy", label, at), numOrNaN(h, "val_loss", label, at),
                    numOrNaN(h, "val_accuracy", label, at), numOrNaN(h, "hidden_spikes_per_sample", label, at),
                    numOrNaN(h, "output_spikes_per_sample", label, at),
                    (long) num(req(h, "silent_label_samples", label), label, at + "silent_label_samples"),
                    numOrNaN(h, "seconds", label, at),
                    h.has("train_seconds") ? numOrNaN(h, "train_seconds", label, at) : Double.NaN));
        }
        if (history.size() != epochsDone) {
            throw bad(label, "trainer.history has " + history.size() + " epochs but epochs_done is " + epochsDone);
        }
        int bestEpoch = intOf(req(tr, "best_epoch", label), label, "trainer.best_epoch");
        double bestAcc = numOrNaN(tr, "best_val_accuracy", label, "trainer.");
        int since = intOf(req(tr, "epochs_since_best", label), label, "trainer.epochs_since_best");
        JsonNode stopped = req(tr, "stopped_early", label);
        if (!stopped.isBoolean()) {
            throw bad(label, "trainer.stopped_early must be true or false");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode mt = tr.get("meta");
        if (mt != null && mt.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = mt.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                meta.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode bn = root.get("best_net");
        FFEvNN bestNet = bn == null || bn.isNull() ? null : readNet(bn, label + " (best_net)", threads);
        int averaged = tr.has("averaged_epochs")
                ? intOf(tr.get("averaged_epochs"), label, "trainer.averaged_epochs") : 0;
        int expected = config.averagedEpochs(epochsDone);
        if (averaged != expected) {
            throw bad(label, "trainer.averaged_epochs = " + averaged + " but a run averaging from epoch "
                    + config.averageFrom() + " has averaged " + expected + " networks after " + epochsDone
                    + " epochs");
        }
        JsonNode an = root.get("average_net");
        if ((an != null) != (averaged > 0)) {
            throw bad(label, averaged > 0 ? "missing key \"average_net\" (the weight average)"
                    : "\"average_net\" is present but no epoch has been averaged");
        }
        FFEvNN averageNet = an == null ? null : readNet(an, label + " (average_net)", threads);
        return new Checkpoint(net, config, epochsDone, opt, history, bestEpoch, bestAcc, since,
                stopped.booleanValue(), bestNet, meta, averageNet, averaged);
    }

    private static FFEvNN readNet(JsonNode node, String label, int threads) {
        try {
            return NetJson.parse(MAPPER.writeValueAsString(node), label, threads);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(label + ": " + e.getOriginalMessage());
        }
    }

    private static TrainConfig readConfig(JsonNode c, String label,
                                          List<org.eventprop4j.core.model.NeuronModel> model) {
        String at = "trainer.config.";
        JsonNode loss = req(c, "loss", label);
        try {
            return new TrainConfig(intOf(req(c, "epochs", label), label, at + "epochs"),
                    intOf(req(c, "batch_size", label), label, at + "batch_size"),
                    num(req(c, "lr", label), label, at + "lr"), num(req(c, "beta1", label), label, at + "beta1"),
                    num(req(c, "beta2", label), label, at + "beta2"), num(req(c, "eps", label), label, at + "eps"),
                    num(req(c, "lr_decay", label), label, at + "lr_decay"), loss.asText(),
                    num(req(c, "alpha", label), label, at + "alpha"), num(req(c, "tau0", label), label, at + "tau0"),
                    num(req(c, "tau1", label), label, at + "tau1"),
                    num(req(c, "silent_push", label), label, at + "silent_push"),
                    req(c, "seed", label).asLong(), intOf(req(c, "patience", label), label, at + "patience"),
                    intOf(req(c, "threads", label), label, at + "threads"),
                    // absent in checkpoints written before the penalty existed: off
                    c.has("hidden_penalty") ? num(c.get("hidden_penalty"), label, at + "hidden_penalty") : 0.0,
                    c.has("hidden_penalty_tau") ? num(c.get("hidden_penalty_tau"), label, at + "hidden_penalty_tau")
                            : TrainConfig.DEFAULT_HIDDEN_PENALTY_TAU,
                    // absent in checkpoints written before parameter groups: weights only
                    c.has("params") ? ParamGroups.parse(text(c.get("params"), label, at + "params"), model)
                            : ParamGroups.weightsOnly(),
                    // absent without weight averaging
                    c.has("average_from") ? intOf(c.get("average_from"), label, at + "average_from") : 0);
        } catch (IllegalArgumentException e) {
            throw bad(label, "trainer.config: " + e.getMessage());
        }
    }

    private static final List<String> ROOT_KEYS = List.of("format", "net", "trainer", "best_net", "average_net");
    private static final List<String> TRAINER_KEYS = List.of("config", "epochs_done", "optimizer", "best_epoch",
            "best_val_accuracy", "epochs_since_best", "stopped_early", "history", "meta", "averaged_epochs");
    private static final List<String> CONFIG_KEYS = List.of("epochs", "batch_size", "lr", "beta1", "beta2", "eps",
            "lr_decay", "loss", "alpha", "tau0", "tau1", "silent_push", "seed", "patience", "threads", "hidden_penalty",
            "hidden_penalty_tau", "params", "average_from");
    private static final List<String> HISTORY_KEYS = List.of("epoch", "lr", "train_loss", "train_accuracy",
            "val_loss", "val_accuracy", "hidden_spikes_per_sample", "output_spikes_per_sample",
            "silent_label_samples", "seconds", "train_seconds");

    /** Unknown keys are errors (a typo must not silently fall back to a default). */
    private static void strict(JsonNode o, List<String> known, String label, String where) {
        try {
            org.eventprop4j.core.io.JsonKeys.requireKnown(o, known, "checkpoint " + label, where);
        } catch (org.eventprop4j.core.io.InterchangeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JsonNode req(JsonNode o, String key, String label) {
        JsonNode n = o == null ? null : o.get(key);
        if (n == null) {
            throw bad(label, "missing key \"" + key + "\"");
        }
        return n;
    }

    private static String text(JsonNode n, String label, String what) {
        if (!n.isTextual()) {
            throw bad(label, what + " must be a string, got " + n);
        }
        return n.asText();
    }

    private static double num(JsonNode n, String label, String what) {
        if (!n.isNumber()) {
            throw bad(label, what + " must be a number, got " + n);
        }
        return n.doubleValue();
    }

    private static double numOrNaN(JsonNode o, String key, String label, String at) {
        JsonNode n = req(o, key, label);
        return n.isNull() ? Double.NaN : num(n, label, at + key);
    }

    private static int intOf(JsonNode n, String label, String what) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw bad(label, what + " must be an integer, got " + n);
        }
        return n.intValue();
    }

    private static IllegalArgumentException bad(String label, String msg) {
        return new IllegalArgumentException("checkpoint " + label + ": " + msg);
    }
}
