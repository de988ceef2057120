package org.eventprop4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.optim.LabeledLoss;
import org.eventprop4j.optim.train.Checkpoint;
import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.optim.train.Evaluation;
import org.eventprop4j.optim.train.TrainConfig;
import org.eventprop4j.optim.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evnn evaluate}: accuracy of a trained network on the test (or validation/train) set of the data set it
 * trained on (Yin-Yang, Fashion-MNIST or the user's spike data), read with the checkpoint's data options.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report the accuracy (first-spike rule), mean loss and silent-label count of a trained "
                + "network on the test set (or --part validation/train) of the data set it trained on (Yin-Yang, "
                + "Fashion-MNIST or your spike data; --dataset to choose).",
            "CHECKPOINT is a checkpoint.json of 'evnn train' (its loss settings are used) or an evnn-net/1 net.json "
                    + "(W&P loss settings)."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "checkpoint.json (or net.json) to evaluate.")
    Path checkpoint;

    @Option(names = "--part", paramLabel = "PART", defaultValue = "test",
            description = "test, validation or train (default: ${DEFAULT-VALUE}).")
    String part;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "yinyang, fashion-mnist or spikes (default: the data set the checkpoint trained on, with "
                    + "its encoding options and data folder; yinyang for a net.json).")
    String dataset;

    @Option(names = "--best", description = "Evaluate the checkpoint's best-validation network instead of the last.")
    boolean best;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads; 0 = all processors (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    YinYangData dataOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        YinYangData.quietNd4jLogging();
        if (threads < 0 || threads > org.eventprop4j.core.net.FFEvNN.MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be in [0, " + org.eventprop4j.core.net.FFEvNN.MAX_THREADS
                    + "], got " + threads);
        }
        int th = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        FFEvNN net;
        TrainConfig config;
        String what;
        String trainedOn = null;
        String task = "yinyang";
        java.util.Map<String, String> meta = java.util.Map.of();
        if (isCheckpoint(checkpoint)) {
            Checkpoint cp = Checkpoint.read(checkpoint, th);
            meta = cp.meta();
            task = meta.getOrDefault("task", "yinyang");
            config = cp.config();
            trainedOn = cp.meta().get("data");
            // by default, the data the run trained on (its split and --limit)
            if (dataOptions.data == null && dataOptions.dataDir == null && trainedOn != null
                    && (trainedOn.equals("publication") || trainedOn.equals("generated"))) {
                dataOptions.data = trainedOn;
            }
            if (dataOptions.limit == null && cp.meta().containsKey("limit")) {
                dataOptions.limit = Integer.parseInt(cp.meta().get("limit"));
            }
            if (best) {
                if (cp.bestNet() == null) {
                    throw new IllegalArgumentException("checkpoint " + checkpoint + " has no best-validation network");
                }
                net = cp.bestNet();
                what = "best-validation network (epoch " + cp.bestEpoch() + ")";
            } else {
                net = cp.model();
                what = cp.averageNet() == null ? "network after epoch " + cp.epochsDone()
                        : "weight average of the networks after epochs " + cp.config().averageFrom() + "-"
                        + cp.epochsDone();
            }
        } else {
            if (best) {
                throw new IllegalArgumentException("--best needs a checkpoint.json, not a net.json");
            }
            net = NetJson.read(checkpoint, th);
            config = TrainConfig.defaults();
            what = "network " + checkpoint;
        }
        String ds = dataset != null ? dataset : task;
        if (!ds.equals(task)) {
            meta = java.util.Map.of();            // another data set: its own default encoding
        }
        if (ds.equals("spikes") && task.equals("spikes") && dataOptions.dataDir == null) {
            dataOptions.dataDir = TrainData.spikesFolder(trainedOn);    // the run's folder (null if not recorded)
        }
        if (!part.equals("test") && !part.equals("validation") && !part.equals("train")) {
            throw new IllegalArgumentException("--part must be test, validation or train, got '" + part + "'");
        }
        TrainData data = TrainData.load(ds, dataOptions, meta, ImageDefaults.VALIDATION, 1,
                ImageDefaults.INPUT_TIME);
        if (net.inSize() != data.inputs() || net.outSize() != data.classes()) {
            throw new IllegalArgumentException(checkpoint + ": the " + ds + " data have " + data.inputs()
                    + " inputs and " + data.classes() + " classes, the network " + net.inSize() + " inputs and "
                    + net.outSize() + " outputs" + (dataset == null ? " (--dataset chooses the data set)" : ""));
        }
        Dataset set = switch (part) {
            case "validation" -> data.validation();
            case "train" -> data.train();
            default -> data.test();
        };
        LabeledLoss loss = config.createLoss(net.outSize(), net.options().maxSolverTime());
        Evaluation ev = Trainer.evaluate(net, set, loss);
        PrintWriter o = spec.commandLine().getOut();
        o.println("data: " + data.source() + "; " + part + " set (" + set.size() + " samples); " + what);
        if (trainedOn != null && !trainedOn.equals(data.kind())) {
            o.println("note: the checkpoint trained on " + trainedOn + " data, this evaluates it on "
                    + data.kind() + " data");
        }
        o.printf(Locale.ROOT, "%s accuracy: %.2f %% (%d/%d)%n", part, 100 * ev.accuracy(), ev.correct(),
                ev.samples());
        o.printf(Locale.ROOT, "mean loss %.4f, silent label %d, spikes per sample: hidden %.1f, output %.2f%n",
                ev.meanLoss(), ev.silentLabelSamples(), ev.hiddenSpikesPerSample(), ev.outputSpikesPerSample());
        o.flush();
        return 0;
    }

    /** Whether the file looks like a checkpoint (its start mentions the checkpoint format). */
    private static boolean isCheckpoint(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("cannot read " + f + ": no such file");
        }
        try (var in = Files.newInputStream(f)) {
            String head = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            return head.contains(Checkpoint.FORMAT) || head.contains("\"trainer\"");
        }
    }
}
