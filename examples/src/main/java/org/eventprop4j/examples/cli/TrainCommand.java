package org.eventprop4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eventprop4j.core.io.AtomicFiles;
import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.examples.ModelPresets;
import org.eventprop4j.examples.Stats;
import org.eventprop4j.optim.LabeledLoss;
import org.eventprop4j.optim.train.Checkpoint;
import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.optim.train.EpochMetrics;
import org.eventprop4j.optim.train.Evaluation;
import org.eventprop4j.optim.train.InputDropout;
import org.eventprop4j.optim.train.TrainConfig;
import org.eventprop4j.optim.train.TrainListener;
import org.eventprop4j.optim.train.TrainResult;
import org.eventprop4j.optim.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evnn train}: the Yin-Yang setup of Wunderlich &amp; Pehle (5-200-3 LIF, tm 20 ms, ts 5 ms, thresh 1,
 * W_hidden ~ N(1.5, 0.78), W_out ~ N(0.93, 0.1), window T = 100 ms; Adam lr 5e-3 x0.95 per epoch, batch 32,
 * 100 epochs; TTFS loss alpha 0.003, tau0 0.5 ms, tau1 6.4 ms), with exact EventProp gradients. One documented
 * deviation: a silent label neuron gets a push on its incoming weights ({@code --silent-push}, default
 * {@link TrainConfig#DEFAULT_SILENT_PUSH}); W&amp;P drop such samples.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a spiking network on Yin-Yang with exact EventProp gradients (the Wunderlich & Pehle "
                + "setup: 5-200-3 LIF, tm 20 ms, ts 5 ms, thresh 1, W_hidden ~ N(1.5, 0.78), W_out ~ N(0.93, 0.1), "
                + "T = 100 ms; Adam lr 5e-3 x0.95 per epoch, batch 32, 100 epochs; TTFS loss alpha 0.003, "
                + "tau0 0.5 ms, tau1 6.4 ms); a silent label neuron gets a push on its incoming weights "
                + "(--silent-push, not in W&P).",
            "Prints one line per epoch (train/validation accuracy) and the final test accuracy; on a terminal also "
                    + "a progress bar. Writes into --out: checkpoint.json (after every epoch, atomically), "
                    + "metrics.csv, net.json (final network, evnn-net/1; the weight average with --average-from), "
                    + "curves.png, yinyang.png, raster.png."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}; "
            + ImageDefaults.EPOCHS + " for fashion-mnist).")
    int epochs = TrainConfig.defaults().epochs();

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the weight initialisation and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "yinyang (default), fashion-mnist (Debian package dataset-fashion-mnist, or --data-dir with "
                    + "its IDX files) or spikes (your own .npy spike data in --data-dir; docs/data.md).")
    String dataset = "yinyang";

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden neurons (Yin-Yang; default: ${DEFAULT-VALUE}).")
    int hidden = 200;

    @Option(names = "--layers", paramLabel = "H,...,OUT",
            description = "Layer sizes for fashion-mnist and spikes: hidden layers then the output layer, e.g. 350,10 "
                    + "(default: 350,10 for fashion-mnist; 100,<classes> for spikes).")
    String layersOption;

    @Option(names = "--validation", paramLabel = "N",
            description = "fashion-mnist: the last N training images validate (default: ${DEFAULT-VALUE}).")
    int validationSize = ImageDefaults.VALIDATION;

    @Option(names = "--pool", paramLabel = "P",
            description = "fashion-mnist: average P x P pixel blocks first (2: 196 inputs) (default: ${DEFAULT-VALUE}).")
    int pool = 1;

    @Option(names = "--input-time", paramLabel = "MS",
            description = "fashion-mnist: latency code t = MS (1 - p/255), pixels p <= 1 silent (default: "
                    + "${DEFAULT-VALUE}).")
    double inputTime = ImageDefaults.INPUT_TIME;

    @Option(names = "--input-dropout", paramLabel = "P",
            description = "Leave out each input spike of a training sample with probability P, afresh every epoch "
                    + "(a regulariser; evaluation sees every spike) (default: 0, off).")
    double inputDropout = 0.0;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Neuron model of every layer: lif, qif, eif, izhikevich, alif, funky (default: "
                    + "${DEFAULT-VALUE}); each starts from a model-aware initialisation that makes the network fire "
                    + "(docs/models.md).")
    String model = "lif";

    @Option(names = "--readout", paramLabel = "KIND",
            description = "Output layer: spiking (the --model, classified by the first spike, TTFS loss) or li (a "
                    + "non-spiking leaky integrator, classified by its largest voltage, max-voltage cross-entropy; "
                    + "see docs/training.md) (default: ${DEFAULT-VALUE}).")
    String readout = "spiking";

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Set a model parameter for every neuron, e.g. --param tau_mem=10 (repeatable).")
    List<String> params = new java.util.ArrayList<>();

    @Option(names = "--params", paramLabel = "GROUPS",
            description = "Parameters to train: a comma-separated list of weights and the model's parameter names "
                    + "(lif: tau_syn, tau_mem, bias, thresh), each optionally NAME:MULT with a learning-rate "
                    + "multiplier, or all (weights and every trainable parameter); time constants and thresholds are "
                    + "clamped to stay above 0 (default: ${DEFAULT-VALUE}).")
    String trainParams = "weights";

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr = TrainConfig.defaults().lr();

    @Option(names = "--lr-decay", paramLabel = "F",
            description = "Learning-rate factor per epoch (default: ${DEFAULT-VALUE}).")
    double lrDecay = TrainConfig.defaults().lrDecay();

    @Option(names = "--batch-size", paramLabel = "N", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = TrainConfig.defaults().batchSize();

    @Option(names = "--loss", paramLabel = "NAME", description = "Loss: ttfs or max-voltage (the one of --readout li) "
            + "(default: ${DEFAULT-VALUE}).")
    String loss = TrainConfig.defaults().loss();

    @Option(names = "--alpha", paramLabel = "A", description = "TTFS regularizer weight (default: ${DEFAULT-VALUE}).")
    double alpha = TrainConfig.defaults().alpha();

    @Option(names = "--tau0", paramLabel = "MS", description = "TTFS softmax temperature, ms "
            + "(default: ${DEFAULT-VALUE}; " + ImageDefaults.TAU0 + " for fashion-mnist).")
    double tau0 = TrainConfig.defaults().tau0();

    @Option(names = "--tau1", paramLabel = "MS", description = "TTFS regularizer time constant, ms "
            + "(default: ${DEFAULT-VALUE}).")
    double tau1 = TrainConfig.defaults().tau1();

    @Option(names = "--silent-push", paramLabel = "S",
            description = "Strength of the push on the incoming weights of a silent label neuron; 0 = none, as W&P "
                    + "(who drop such samples). The default is this library's choice, not W&P's: it measured best "
                    + "(default: ${DEFAULT-VALUE}).")
    double silentPush = TrainConfig.DEFAULT_SILENT_PUSH;

    @Option(names = "--hidden-penalty", paramLabel = "S",
            description = "Activity penalty on hidden spikes: each hidden spike at t ms adds S e^(-t/tau) to its "
                    + "sample's loss, which pushes hidden spikes later and thins them out; 0 = off, as W&P "
                    + "(default: ${DEFAULT-VALUE}).")
    double hiddenPenalty = 0.0;

    @Option(names = "--hidden-penalty-tau", paramLabel = "MS",
            description = "Decay time tau of the hidden-spike penalty, ms (default: ${DEFAULT-VALUE}).")
    double hiddenPenaltyTau = TrainConfig.DEFAULT_HIDDEN_PENALTY_TAU;

    @Option(names = "--average-from", paramLabel = "E",
            description = "Weight averaging: from epoch E on, the trained network is the mean of the networks at the "
                    + "end of each epoch (validation, best network, net.json and the test accuracy use it); 0 = off "
                    + "(default: off; for fashion-mnist half the epochs, e.g. 15 of 30, chosen on validation: "
                    + "docs/data.md).")
    Integer averageFrom;

    @Option(names = "--patience", paramLabel = "N",
            description = "Early stopping after N epochs without a better validation accuracy; 0 = off "
                    + "(default: ${DEFAULT-VALUE}).")
    int patience = 0;

    @Option(names = "--max-time", paramLabel = "MS",
            description = "Simulation window T, ms (default: ${DEFAULT-VALUE}).")
    double maxTime = 100.0;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads; 0 = all processors (default: ${DEFAULT-VALUE}). Results do not depend on it.")
    int threads = 0;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "train-out",
            description = "Run folder, created if needed (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--overwrite", description = "Replace a run already in --out (its checkpoint.json); without it such a "
            + "folder is refused unless --resume continues that very checkpoint.")
    boolean overwrite;

    /** The lock on the run folder while this command trains into it. */
    private java.nio.channels.FileLock runLock;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Continue the run saved in CHECKPOINT (a checkpoint.json); its hyperparameters are used. "
                    + "--epochs may extend the run; --threads, --patience and --out may change; other "
                    + "hyperparameter options are refused.")
    Path resume;

    @Mixin
    YinYangData dataOptions;

    @Spec
    CommandSpec spec;

    /** Options that define the run and so cannot change on --resume. */
    private static final List<String> FIXED_ON_RESUME = List.of("--seed", "--hidden", "--model", "--param", "--lr",
            "--lr-decay",
            "--batch-size", "--loss", "--alpha", "--tau0", "--tau1", "--silent-push", "--max-time", "--hidden-penalty",
            "--hidden-penalty-tau", "--input-dropout", "--params", "--readout", "--dataset", "--layers", "--pool", "--input-time",
            "--validation", "--average-from");

    /** The W&amp;P Yin-Yang network. */
    static FFEvNN network(int hidden, double maxTime, long seed, int threads) {
        return FFEvNN.builder(new LIF()).layers(hidden, 3).inSize(5).maxSolverTime(maxTime).seed(seed)
                .tsyn(5).tmem(20).thresh(1).gaussianWeights(0, 1.5, 0.78).gaussianWeights(1, 0.93, 0.1)
                .threads(threads).build();
    }

    /**
     * The Yin-Yang network of {@code model} ({@link ModelPresets}) with parameter overrides {@code NAME=VALUE}; plain
     * LIF without overrides is exactly {@link #network(int, double, long, int)}.
     */
    static FFEvNN network(String model, List<String> params, int hidden, double maxTime, long seed, int threads) {
        return network(model, params, "spiking", hidden, maxTime, seed, threads);
    }

    /** Mean and standard deviation of the hidden-to-readout weights of an LI readout (see docs/training.md). */
    static final double LI_W_MEAN = 0.0;
    static final double LI_W_SD = 0.8;
    /**
     * Default hidden-spike "penalty" with an LI readout: negative, a reward of 0.05 per spike (decaying with
     * {@code --hidden-penalty-tau}) that keeps the hidden layer firing; without it the max-voltage loss thinned the
     * hidden layer to ~6 spikes per sample on seed 1 (docs/training.md).
     */
    static final double LI_HIDDEN_REWARD = -0.05;

    /** Throws the one-line error for a model without a training preset. */
    private static void requireKnownModel(String model) {
        if (!ModelPresets.names().contains(model)) {
            throw new IllegalArgumentException("unknown --model '" + model + "' (known: "
                    + String.join(", ", ModelPresets.names()) + ")");
        }
    }

    /** As above, with the output layer a spiking layer of the model or ({@code readout = "li"}) an LI readout. */
    static FFEvNN network(String model, List<String> params, String readout, int hidden, double maxTime, long seed,
                          int threads) {
        requireKnownModel(model);
        if (!readout.equals("spiking") && !readout.equals("li")) {
            throw new IllegalArgumentException("unknown --readout '" + readout + "' (known: spiking, li)");
        }
        boolean li = readout.equals("li");
        if (model.equals("lif") && params.isEmpty() && !li) {
            return network(hidden, maxTime, seed, threads);
        }
        FFEvNN.Builder b = ModelPresets.builder(model, null, hidden, 3, seed).maxSolverTime(maxTime).threads(threads);
        if (li) {
            b.layerModel(1, new org.eventprop4j.core.model.LI()).gaussianWeights(1, LI_W_MEAN, LI_W_SD);
        }
        org.eventprop4j.core.model.NeuronModel m = org.eventprop4j.core.io.Models.byName(model);
        for (String kv : params) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--param wants NAME=VALUE, got '" + kv + "'");
            }
            String name = kv.substring(0, eq).trim();
            if (m.paramIndex(name) < 0) {
                throw new IllegalArgumentException("--param: model " + model + " has no parameter '" + name
                        + "' (it has: " + String.join(", ", m.params().stream().map(
                                org.eventprop4j.core.model.ParamSpec::name).toList()) + ")");
            }
            double v;
            try {
                v = Double.parseDouble(kv.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--param " + name + ": not a number: '" + kv.substring(eq + 1)
                        + "'");
            }
            m.params().get(m.paramIndex(name)).check(v, "--param");
            b.param(name, v);
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        try {
            return train();
        } finally {
            if (runLock != null) {
                runLock.channel().close();        // releases the lock
                runLock = null;
            }
        }
    }

    private Integer train() throws Exception {
        YinYangData.quietNd4jLogging();
        PrintWriter o = spec.commandLine().getOut();
        if (hidden < 1 || hidden > 100_000) {
            throw new IllegalArgumentException("--hidden must be in [1, 100000], got " + hidden);
        }
        if (!(maxTime > 0) || !Double.isFinite(maxTime)) {
            throw new IllegalArgumentException("--max-time must be a positive number of ms, got " + maxTime);
        }
        CliPaths.outputFolder("--out", out);
        Checkpoint cp = null;
        TrainConfig config;
        if (resume != null) {
            for (String opt : FIXED_ON_RESUME) {
                if (spec.commandLine().getParseResult().hasMatchedOption(opt)) {
                    throw new IllegalArgumentException(opt + " cannot be changed on --resume (the checkpoint's "
                            + "value is used)");
                }
            }
            cp = Checkpoint.read(resume, Math.max(1, threads == 0 ? Runtime.getRuntime().availableProcessors()
                    : threads));
            TrainConfig c = cp.config();
            boolean explicitEpochs = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            config = c.withEpochs(explicitEpochs ? epochs : c.epochs()).withThreads(threads)
                    .withPatience(spec.commandLine().getParseResult().hasMatchedOption("--patience") ? patience
                            : c.patience());
        } else {
            requireKnownModel(model);
            org.eventprop4j.optim.ParamGroups groups;
            try {
                groups = org.eventprop4j.optim.ParamGroups.parse(trainParams,
                        org.eventprop4j.core.io.Models.byName(model));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--params: " + e.getMessage());
            }
            boolean explicitLoss = spec.commandLine().getParseResult().hasMatchedOption("--loss");
            if (readout.equals("li")) {
                if (explicitLoss && !loss.equals("max-voltage")) {
                    throw new IllegalArgumentException("--readout li is trained with --loss max-voltage, not " + loss);
                }
                loss = "max-voltage";
                if (!spec.commandLine().getParseResult().hasMatchedOption("--hidden-penalty")) {
                    hiddenPenalty = LI_HIDDEN_REWARD;
                }
            } else if (loss.equals("max-voltage")) {
                throw new IllegalArgumentException("--loss max-voltage needs a non-spiking readout (--readout li)");
            }
            if (dataset.equals("fashion-mnist")) {       // its own defaults, where the option is not given
                if (!spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
                    epochs = ImageDefaults.EPOCHS;
                }
                if (!spec.commandLine().getParseResult().hasMatchedOption("--tau0")) {
                    tau0 = ImageDefaults.TAU0;
                }
                if (averageFrom == null) {
                    averageFrom = ImageDefaults.averageFrom(epochs);
                }
            }
            if (averageFrom != null && (averageFrom < 0 || averageFrom > epochs)) {
                throw new IllegalArgumentException("--average-from must be an epoch in [1, " + epochs + "] (--epochs), "
                        + "or 0 for no averaging; got " + averageFrom);
            }
            config = new TrainConfig(epochs, batchSize, lr, 0.9, 0.999, 1e-8, lrDecay, loss, alpha, tau0, tau1,
                    silentPush, seed, patience, threads, hiddenPenalty, hiddenPenaltyTau, groups,
                    averageFrom == null ? 0 : averageFrom);
        }
        String ds = cp != null ? cp.meta().getOrDefault("task", "yinyang") : dataset;
        if (cp != null && spec.commandLine().getParseResult().hasMatchedOption("--dataset") && !ds.equals(dataset)) {
            throw new IllegalArgumentException("--dataset cannot be changed on --resume (the checkpoint trained on "
                    + ds + ")");
        }
        if (cp != null) {
            // a resume trains on the checkpoint's data unless told otherwise (then the fingerprint must still match)
            if (dataOptions.data == null && dataOptions.dataDir == null && ds.equals("yinyang")
                    && cp.meta().containsKey("data")) {
                dataOptions.data = cp.meta().get("data");
            }
            if (dataOptions.limit == null && cp.meta().containsKey("limit")) {
                dataOptions.limit = Integer.parseInt(cp.meta().get("limit"));
            }
        }
        TrainData data = TrainData.load(ds, dataOptions, cp != null ? cp.meta() : Map.of(), validationSize, pool,
                inputTime);
        String fingerprint = data.train().fingerprint() + "-" + data.validation().fingerprint();
        if (cp != null && cp.meta().containsKey("data_fingerprint")
                && !cp.meta().get("data_fingerprint").equals(fingerprint)) {
            throw new IllegalArgumentException("the data differ from those the checkpoint trained on (fingerprint "
                    + cp.meta().get("data_fingerprint") + ", now " + fingerprint + "): resume with the run's data "
                    + "options (--data, --data-dir, --limit, --validation, --pool, --input-time)");
        }
        if (cp != null) {
            String was = cp.meta().get("data");
            if (was != null && !was.equals(data.kind())) {
                throw new IllegalArgumentException("the checkpoint was trained on " + was + " data, not "
                        + data.kind() + (ds.equals("yinyang") ? " (use --data " + was + ")" : ""));
            }
        }
        prepareOutput(out);
        runLock = CliPaths.lockRunFolder(out);
        Path existing = out.resolve("checkpoint.json");
        if (Files.exists(existing) && !overwrite && (resume == null || !CliPaths.same(resume, existing))) {
            throw new IllegalArgumentException(out + " already holds a training run (" + existing + "): continue it "
                    + "with --resume " + existing + ", choose another --out, or replace it with --overwrite");
        }
        o.println("data: " + data.source());
        Dataset train = data.train();
        Dataset val = data.validation();
        Dataset test = data.test();

        Path checkpoint = out.resolve("checkpoint.json");
        Path csv = out.resolve("metrics.csv");
        Map<String, String> meta = new java.util.LinkedHashMap<>(data.meta());
        meta.put("data", data.kind());
        meta.put("data_fingerprint", fingerprint);
        if (dataOptions.limit != null) {
            meta.put("limit", Integer.toString(dataOptions.limit));
        }
        meta.put("task", ds);
        meta.put("model", cp != null ? cp.meta().getOrDefault("model", "lif") : model);
        if (cp != null) {
            inputDropout = Double.parseDouble(cp.meta().getOrDefault("input_dropout", "0"));
        }
        InputDropout dropout = new InputDropout(inputDropout);
        if (!dropout.isOff()) {
            meta.put("input_dropout", Double.toString(inputDropout));
        }
        Trainer trainer = new Trainer(config).checkpointTo(checkpoint, meta).inputDropout(dropout);
        Progress progress = new Progress(o, csv);
        trainer.listener(progress);
        TrainResult r;
        if (cp != null) {
            o.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", resume, cp.epochsDone(), config.epochs());
            progress.history.addAll(cp.history());
            r = trainer.resume(cp, train, val);
        } else {
            FFEvNN net0;
            String shape;
            if (ds.equals("yinyang")) {
                net0 = network(model, params, readout, hidden, maxTime, seed, config.effectiveThreads());
                shape = "5-" + hidden + "-3";
            } else {
                if (!model.equals("lif") || !params.isEmpty() || !readout.equals("spiking")) {
                    throw new IllegalArgumentException("--dataset " + ds + " trains LIF networks with a spiking "
                            + "output (--model, --param and --readout are Yin-Yang options for now)");
                }
                int[] sizes = ImageDefaults.layers(layersOption, ds, data.classes());
                boolean explicitTime = spec.commandLine().getParseResult().hasMatchedOption("--max-time");
                net0 = ImageDefaults.network(data.inputs(), sizes, explicitTime ? maxTime : ImageDefaults.WINDOW,
                        seed, config.effectiveThreads());
                shape = data.inputs() + "-" + String.join("-", java.util.Arrays.stream(sizes)
                        .mapToObj(Integer::toString).toList());
            }
            o.printf(Locale.ROOT, "network %s %s%s%s, T = %s ms, seed %d; %s%n", shape,
                    model.toUpperCase(Locale.ROOT), params.isEmpty() ? "" : " (" + String.join(", ", params) + ")",
                    readout.equals("li") ? " + LI readout" : "", fmt(net0.options().maxSolverTime()), seed,
                    describe(config));
            r = trainer.fit(net0, train, val);
        }
        o.flush();
        if (progress.ran.isEmpty()) {
            writeCsv(csv, r.history());   // nothing ran (e.g. resume of a finished run): still write the csv
        }
        FFEvNN net = r.net();
        LabeledLoss lossFn = config.createLoss(net.outSize(), net.options().maxSolverTime());
        Evaluation ev = Trainer.evaluate(net, test, lossFn);
        NetJson.write(net, out.resolve("net.json"));
        TrainPlots.curves(r.history(), out.resolve("curves.png"));
        String plots = "curves.png, raster.png";
        if (data.yinYangTest() != null) {
            TrainPlots.yinYang(data.yinYangTest(), ev, out.resolve("yinyang.png"));
            plots += ", yinyang.png";
        } else {
            TrainPlots.confusion(test.labels(), ev.predictions(), data.classes(), data.classNames(),
                    out.resolve("confusion.png"));
            plots += ", confusion.png";
        }
        if (test.size() > 0) {
            TrainPlots.raster(net, test.inputs().get(0), test.labels()[0], out.resolve("raster.png"));
        }
        if (r.stoppedEarly()) {
            o.printf(Locale.ROOT, "early stopping after epoch %d (no better validation accuracy for %d epochs)%n",
                    r.last().epoch(), config.patience());
        }
        String which = r.averagedEpochs() == 0 ? "final network, epoch " + r.last().epoch()
                : "weight average of epochs " + config.averageFrom() + "-" + r.last().epoch();
        o.printf(Locale.ROOT, "test accuracy: %.2f %% (%d/%d; %s; test loss %.4f, silent label %d)%n",
                100 * ev.accuracy(), ev.correct(), ev.samples(), which, ev.meanLoss(), ev.silentLabelSamples());
        if (r.bestNet() != null && r.bestEpoch() != r.last().epoch()) {
            Evaluation eb = Trainer.evaluate(r.bestNet(), test, lossFn);
            o.printf(Locale.ROOT, "test accuracy of the best-validation network (epoch %d): %.2f %% (%d/%d)%n",
                    r.bestEpoch(), 100 * eb.accuracy(), eb.correct(), eb.samples());
        }
        if (!progress.ran.isEmpty()) {
            double[] all = progress.ran.stream().mapToDouble(EpochMetrics::seconds).toArray();
            double[] trainTimes = progress.ran.stream().mapToDouble(EpochMetrics::trainSeconds).toArray();
            o.printf(Locale.ROOT, "%.3f s per epoch, of which %.3f s training pass (forward, loss, "
                            + "backward, update) and the rest validation; medians %.3f / %.3f s (%s, %s; the "
                            + "first epochs include JIT compilation)%n", Stats.mean(all), Stats.mean(trainTimes),
                    Stats.median(all), Stats.median(trainTimes), count(all.length, "epoch"),
                    count(config.effectiveThreads(), "thread"));
        }
        o.println("wrote " + (progress.ran.isEmpty() ? "" : out.resolve("checkpoint.json") + ", ") + "metrics.csv, "
                + "net.json, " + plots + (progress.ran.isEmpty() ? " (checkpoint.json unchanged: every epoch was "
                + "already done)" : ""));
        o.flush();
        return 0;
    }

    static String describe(TrainConfig c) {
        String lossText = c.loss().equals("ttfs") ? String.format(Locale.ROOT, "ttfs loss (alpha %s, tau0 %s ms, tau1 "
                + "%s ms)", fmt(c.alpha()), fmt(c.tau0()), fmt(c.tau1())) : c.loss() + " loss (temperature "
                + fmt(TrainConfig.MAX_VOLTAGE_TEMPERATURE) + ")";
        return String.format(Locale.ROOT, "%s, batch %d, Adam lr %s x%s per epoch, %s, silent push %s%s, patience "
                        + "%d, training %s, %s", count(c.epochs(), "epoch"),
                c.batchSize(), fmt(c.lr()), fmt(c.lrDecay()), lossText,
                fmt(c.silentPush()), c.hiddenPenalty() == 0 ? "" : ", hidden-spike penalty " + fmt(c.hiddenPenalty())
                        + " (tau " + fmt(c.hiddenPenaltyTau()) + " ms)", c.patience(), c.params().spec(),
                count(c.effectiveThreads(), "thread")) + (c.averageFrom() == 0 ? ""
                : ", weight average from epoch " + c.averageFrom());
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Creates the run folder and checks that files can be created in it, before anything is trained or written.
     *
     * @throws IllegalArgumentException "cannot write to output folder DIR: reason"
     */
    static void prepareOutput(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".evnn-write-test", ".tmp");
            Files.delete(probe);
        } catch (FileSystemException e) {
            String why = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("cannot write to output folder " + dir + ": " + why
                    + (e.getFile() != null && !e.getFile().equals(dir.toString()) ? " (" + e.getFile() + ")" : ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to output folder " + dir + ": " + e.getMessage());
        }
    }

    static void writeCsv(Path csv, List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder(EpochMetrics.csvHeader()).append('\n');
        for (EpochMetrics m : history) {
            sb.append(m.csvRow()).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(csv, os -> os.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints one line per epoch, keeps metrics.csv current, and shows a progress bar on a terminal. */
    private static final class Progress implements TrainListener {
        final PrintWriter o;
        final Path csv;
        final List<EpochMetrics> history = new ArrayList<>();
        final List<EpochMetrics> ran = new ArrayList<>();
        final boolean terminal = System.console() != null;
        int epochs;
        ProgressBar bar;

        Progress(PrintWriter o, Path csv) {
            this.o = o;
            this.csv = csv;
        }

        @Override
        public void onStart(int firstEpoch, int lastEpoch, int batchesPerEpoch) {
            this.epochs = lastEpoch;
        }

        @Override
        public void onBatch(int epoch, int batch, int batches, double meanLoss) {
            if (!terminal) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                        .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                        .clearDisplayOnFinish().build();
            }
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f", meanLoss));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            history.add(m);
            ran.add(m);
            writeCsv(csv, history);
            o.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f  train acc %6.2f %%  val acc %6.2f %%  val loss %.4f  "
                            + "spikes/sample hidden %.1f output %.2f  silent label %d  lr %.3g  %.2f s%n", m.epoch(),
                    epochs, m.trainLoss(), 100 * m.trainAccuracy(), 100 * m.valAccuracy(), m.valLoss(),
                    m.hiddenSpikesPerSample(), m.outputSpikesPerSample(), m.silentLabelSamples(), m.lr(),
                    m.seconds());
            o.flush();
        }
    }
}
