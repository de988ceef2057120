package org.eventprop4j.optim.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.core.util.Parallel;
import org.eventprop4j.optim.BatchLoss;
import org.eventprop4j.optim.EarlySpikePenalty;
import org.eventprop4j.optim.LabeledLoss;
import org.eventprop4j.optim.LossEval;
import org.eventprop4j.optim.LossMetrics;
import org.eventprop4j.optim.Optimizer;
import org.eventprop4j.optim.WeightAverage;

/**
 * Mini-batch training of an {@link FFEvNN} with exact EventProp gradients:
 * <pre>
 *   for each epoch e:  optimiser.setEpoch(e); permutation = shuffle(seed, e)
 *     for each mini-batch, in pieces of {@value #PIECE} samples run in parallel:
 *                           trace = net.simulate(input); loss, dL/dt; EventProp gradient added to the piece's sum
 *                           g = sum of the pieces in piece order / batch size   (fixed summation order)
 *                           metrics recorded in sample order
 *                           silent-label policy adds its push to g
 *                           Adam step (lr * decay^e)
 *     from epoch averageFrom on (if set): add the network to the running weight average
 *     validation pass of the network of record (the average once it has begun, else the network);
 *     early stopping bookkeeping; checkpoint (atomic)
 * </pre>
 * <b>Determinism.</b> The permutation of epoch {@code e} depends only on {@code (seed, e)}; the forward pass and
 * the gradient sums do not depend on the thread count (the batch is cut into fixed pieces of {@value #PIECE}
 * samples whose gradients are added in piece order). So the same seed gives bit-identical parameters and metrics
 * (except the times in {@link EpochMetrics}) with any number of threads, and resuming from a checkpoint continues
 * exactly as the uninterrupted run.
 *
 * <p>The trainer works on a copy of the given network (with the configured thread count); the input network is not
 * changed.
 */
public final class Trainer {
    /** Samples per piece of a mini-batch (the unit of parallel work: forward, loss and backward pass). */
    static final int PIECE = 8;
    /**
     * Largest training set (in input spikes) whose converted inputs the trainer keeps between epochs: 32 million
     * spikes, about 400 MB (Fashion-MNIST's 55,000 images have 21 million).
     */
    static final long MAX_CACHED_INPUT_SPIKES = 32_000_000L;
    /** Samples per forward chunk in {@link #evaluate}. */
    private static final int EVAL_CHUNK = 1000;

    private final TrainConfig config;
    private TrainListener listener = new TrainListener() {
    };
    private Path checkpointFile;
    private Map<String, String> meta = Map.of();
    private LabeledLoss customLoss;
    private org.eventprop4j.optim.TargetLoss targetLoss;
    private java.util.function.Supplier<? extends Optimizer> optimizerFactory;
    private InputDropout inputDropout = new InputDropout(0);

    /**
     * A trainer with hyperparameters {@code config}.
     *
     * @param config the hyperparameters
     */
    public Trainer(TrainConfig config) {
        this.config = config;
    }

    /**
     * The hyperparameters.
     *
     * @return the config
     */
    public TrainConfig config() {
        return config;
    }

    /**
     * Receives progress callbacks.
     *
     * @param l the listener (replaces the previous one)
     * @return this
     */
    public Trainer listener(TrainListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Trains with {@code loss} instead of the loss named by {@link TrainConfig#loss}: any {@link LabeledLoss}, e.g.
     * {@link org.eventprop4j.optim.FirstSpikeMse} or one of the user's own (its {@code dL/dt} drives EventProp; its
     * silent targets drive the silent-label policy). Checkpoints record the config, not this object: a run resumed
     * from them must set the same loss again.
     *
     * @param loss the loss (not null)
     * @return this
     */
    public Trainer loss(LabeledLoss loss) {
        this.customLoss = java.util.Objects.requireNonNull(loss, "loss");
        return this;
    }

    /**
     * Trains on target vectors (regression) with {@code loss}, e.g. {@link org.eventprop4j.optim.SpikeTimeMse} or
     * {@link org.eventprop4j.optim.VoltageMse}: the datasets must carry targets ({@link Dataset#ofTargets}); the epoch
     * metrics then have no accuracy (NaN) and the loss means are over all samples. As with {@link #loss}, a resumed run
     * must set the same loss again.
     *
     * @param loss the regression loss (not null)
     * @return this
     */
    public Trainer targetLoss(org.eventprop4j.optim.TargetLoss loss) {
        this.targetLoss = java.util.Objects.requireNonNull(loss, "loss");
        return this;
    }

    /**
     * Trains with optimisers from {@code factory} (called once per {@link #fit} or {@link #resume}, for a fresh,
     * unbound optimiser) instead of {@link TrainConfig#createOptimizer()}: any {@link Optimizer}, e.g.
     * {@code () -> new SgdMomentum(0.01, 0.9).withGroups(ParamGroups.parse("all", model))}. Its
     * {@link Optimizer#groups()} decide what is trained (and are recorded in checkpoints as the config's
     * {@code params}); its state is checkpointed with {@link Optimizer#exportState()}. Checkpoints do not record the
     * optimiser itself: a run resumed from them must set the same factory again.
     *
     * @param factory supplier of fresh optimisers (not null)
     * @return this
     */
    public Trainer optimizer(java.util.function.Supplier<? extends Optimizer> factory) {
        this.optimizerFactory = java.util.Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * Trains with input dropout ({@link InputDropout}): each input spike of a training sample is left out with
     * probability {@code dropout.p()}, afresh in every epoch; evaluation uses the full inputs. Checkpoints do not
     * record it: a run resumed from them must set the same dropout again (the CLI keeps it in the checkpoint's meta).
     *
     * @param dropout the dropout (not null; {@code p = 0} is off, the default)
     * @return this
     */
    public Trainer inputDropout(InputDropout dropout) {
        this.inputDropout = java.util.Objects.requireNonNull(dropout, "dropout");
        return this;
    }

    private Optimizer newOptimizer() {
        return optimizerFactory != null ? optimizerFactory.get() : config.createOptimizer();
    }

    /**
     * Writes a {@link Checkpoint} to {@code file} after every epoch (atomically), with {@code meta} strings (e.g. the
     * data source).
     *
     * @param file     the checkpoint file
     * @param metaData strings stored in the checkpoint (copied)
     * @return this
     */
    public Trainer checkpointTo(Path file, Map<String, String> metaData) {
        this.checkpointFile = file;
        this.meta = Map.copyOf(metaData);
        return this;
    }

    /**
     * The permutation of {@code n} samples used in epoch {@code epoch} (0-based) of a run with {@code seed}.
     *
     * @param n     number of samples
     * @param seed  the run's seed
     * @param epoch the 0-based epoch
     * @return a permutation of {@code 0..n-1}
     */
    public static int[] permutation(int n, long seed, int epoch) {
        SplittableRandom rng = new SplittableRandom(seed).split();
        // derive an independent stream per epoch from (seed, epoch) only
        long s = rng.nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1L));
        SplittableRandom r = new SplittableRandom(s);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Trains a copy of {@code net} from epoch 1.
     *
     * @param validation validation data, or null (then no validation metrics, no best net, no early stopping)
     * @param net   the initial network (not changed)
     * @param train training data
     * @return the final and best networks and the metrics of every epoch
     * @throws IllegalArgumentException if the data are empty, a label is out of range, or early stopping is asked
     *                                  without validation data
     */
    public TrainResult fit(FFEvNN net, Dataset train, Dataset validation) {
        FFEvNN work = net.withOptions(net.options(), config.effectiveThreads());
        Optimizer opt = newOptimizer();
        return run(work, opt, 0, new ArrayList<>(), 0, Double.NaN, 0, false, null, null, train, validation);
    }

    /**
     * Continues the run saved in {@code cp} up to this trainer's {@code epochs} (which may exceed the checkpoint's).
     * Everything but epochs, patience and threads must equal the checkpoint's config.
     *
     * @param cp         the checkpoint to continue from
     * @param train      training data
     * @param validation validation data, or null
     * @return the final and best networks and the metrics of every epoch, including those of the checkpoint
     * @throws IllegalArgumentException if the config conflicts with the checkpoint's
     */
    public TrainResult resume(Checkpoint cp, Dataset train, Dataset validation) {
        Optimizer opt = newOptimizer();
        String conflict = config.withParams(opt.groups()).resumeConflict(cp.config());
        if (conflict != null) {
            throw new IllegalArgumentException("cannot resume: " + conflict + " differs from the checkpoint's");
        }
        if (cp.epochsDone() > config.epochs()) {
            throw new IllegalArgumentException("cannot resume: the checkpoint has " + cp.epochsDone()
                    + " epochs done, more than the " + config.epochs() + " epochs asked");
        }
        int threads = config.effectiveThreads();
        FFEvNN work = cp.net().withOptions(cp.net().options(), threads);
        opt.importState(cp.optimizerState());
        FFEvNN best = cp.bestNet() == null ? null : cp.bestNet().withOptions(cp.bestNet().options(), threads);
        // a run that stopped early stays stopped unless the patience changed
        boolean stopped = cp.stoppedEarly() && config.patience() == cp.config().patience();
        WeightAverage avg = cp.averageNet() == null ? null : WeightAverage.resume(
                cp.averageNet().withOptions(cp.averageNet().options(), threads), cp.averagedEpochs());
        return run(work, opt, cp.epochsDone(), new ArrayList<>(cp.history()), cp.bestEpoch(), cp.bestValAccuracy(),
                cp.epochsSinceBest(), stopped, best, avg, train, validation);
    }

    private TrainResult run(FFEvNN net, Optimizer opt, int startEpoch, List<EpochMetrics> history, int bestEpoch,
                            double bestAcc, int sinceBest, boolean stopped, FFEvNN bestNet, WeightAverage average,
                            Dataset train, Dataset validation) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (checkpointFile != null) {
            // fail before the first epoch, not at its end: a checkpoint must read back as the same model
            org.eventprop4j.core.io.NetJson.requireRoundTrip(net);
        }
        if (config.patience() > 0 && (validation == null || validation.size() == 0)) {
            throw new IllegalArgumentException("early stopping (patience " + config.patience()
                    + ") needs validation data");
        }
        if (train.hasTargets() != (targetLoss != null)) {
            throw new IllegalArgumentException(train.hasTargets()
                    ? "the training set has target vectors: set a TargetLoss (Trainer.targetLoss)"
                    : "a TargetLoss needs a dataset with target vectors (Dataset.ofTargets)");
        }
        if (validation != null && validation.size() > 0 && validation.hasTargets() != train.hasTargets()) {
            throw new IllegalArgumentException("training and validation sets must both have targets or both not");
        }
        org.eventprop4j.optim.TargetLoss tloss = targetLoss == null ? null : targetLoss.bindTo(net);
        if (tloss != null) {
            if (tloss.outputs() != net.outSize()) {
                throw new IllegalArgumentException("the target loss expects " + tloss.outputs() + " output neurons, "
                        + "the network has " + net.outSize());
            }
            checkTargets(train, tloss, "training");
            if (validation != null) {
                checkTargets(validation, tloss, "validation");
            }
        }
        LabeledLoss loss = (customLoss != null ? customLoss
                : config.createLoss(net.outSize(), net.options().maxSolverTime()));
        if (tloss == null) {
            loss = loss.bindTo(net);
        }
        if (loss.outputs() != net.outSize()) {
            throw new IllegalArgumentException("the loss expects " + loss.outputs() + " output neurons, the network has "
                    + net.outSize());
        }
        opt.groups().check(net.models());
        TrainConfig recorded = config.withParams(opt.groups());
        if (tloss == null) {
            checkLabels(train, loss.outputs(), "training");
            if (validation != null) {
                checkLabels(validation, loss.outputs(), "validation");
            }
        }
        final LabeledLoss labeled = loss;
        BatchLoss batchLoss = new BatchLoss(labeled, config.createSilentPolicy());
        EarlySpikePenalty hiddenPenalty = config.createHiddenPenalty();
        // neuron-parameter gradients are only worth computing if the optimiser trains a neuron parameter
        boolean weightsOnly = opt.groups().names().equals(java.util.Set.of("weights"));
        EventProp ep = weightsOnly ? new EventProp(net).weightsOnly() : new EventProp(net);
        int n = train.size();
        int bs = config.batchSize();
        int batches = (n + bs - 1) / bs;
        opt.prepare(net);                    // one-time ND4J start-up, not part of the first epoch's time
        // each training sample's time-ordered input, converted once (on first use) and kept for the later epochs,
        // unless input dropout changes the inputs every epoch or the set is too large to keep
        final Spikes[] converted = inputDropout.isOff() && inputSpikeCount(train) <= MAX_CACHED_INPUT_SPIKES
                ? new Spikes[n] : null;
        listener.onStart(startEpoch + 1, config.epochs(), batches);
        for (int e = startEpoch; e < config.epochs() && !stopped; e++) {
            long t0 = System.nanoTime();
            opt.setEpoch(e);
            double lr = opt.learningRate();
            int[] perm = permutation(n, config.seed(), e);
            LossMetrics m = new LossMetrics();
            long hidden = 0;
            long out = 0;
            List<Gradients> partPool = new ArrayList<>();     // per-piece sums, reused by every batch
            Gradients sum = new Gradients(net);
            for (int b = 0; b < batches; b++) {
                int from = b * bs;
                int to = Math.min(n, from + bs);
                List<double[][]> in = new ArrayList<>(to - from);
                int[] labels = new int[to - from];
                double[][] tg = tloss == null ? null : new double[to - from][];
                for (int q = from; q < to; q++) {
                    in.add(train.inputs().get(perm[q]));
                    labels[q - from] = train.labels()[perm[q]];
                    if (tg != null) {
                        tg[q - from] = train.targets()[perm[q]];
                    }
                }
                // one parallel section per batch: each piece simulates its samples, evaluates the loss and adds
                // their gradients in sample order; the pieces are then added in piece order (thread-independent)
                final int count = to - from;
                Trace[] tr = new Trace[count];
                LossEval[] ev = new LossEval[count];
                final int pieces = (count + PIECE - 1) / PIECE;
                while (partPool.size() < pieces) {
                    partPool.add(new Gradients(net));
                }
                Gradients[] parts = partPool.subList(0, pieces).toArray(new Gradients[0]);
                final int epoch = e;
                final int first = from;
                Parallel.forEach(parts.length, net.threads(), p -> {
                    Gradients part = parts[p];
                    part.clear();                 // reused from batch to batch: no garbage per batch
                    for (int q = p * PIECE; q < Math.min(count, (p + 1) * PIECE); q++) {
                        int sample = perm[first + q];
                        Trace t;
                        if (converted != null) {
                            // each sample is in one piece per epoch, and epochs are separated by the parallel
                            // section's end: no two threads touch one entry at once
                            Spikes sp = converted[sample];
                            if (sp == null) {
                                sp = net.inputSpikes(in.get(q));
                                converted[sample] = sp;
                            }
                            t = net.simulate(sp);
                        } else {
                            t = net.simulate(inputDropout.apply(in.get(q), config.seed(), epoch, sample));
                        }
                        LossEval v = tloss != null ? tloss.evaluate(t, tg[q]) : labeled.evaluate(t, labels[q]);
                        // a sample whose label neuron is silent gives no spike-time gradient (W&P drop it): under
                        // TTFS its competitors' errors would only push every output later, towards a silent
                        // network; the silent-label policy alone acts on it
                        boolean drop = tloss == null && v.isSilentTarget(labels[q]);
                        double[][] hiddenErr = hiddenPenalty == null ? null : hiddenPenalty.hiddenErrors(t);
                        if (!drop) {
                            hiddenErr = addHidden(hiddenErr, v.hiddenErrors(t.layers().size()));
                        }
                        ep.accumulate(t, drop ? new double[v.spikeErrors().length] : v.spikeErrors(), hiddenErr,
                                drop ? null : v.stateTimes(), drop ? null : v.stateErrors(), part);
                        tr[q] = t;
                        ev[q] = v;
                    }
                });
                Gradients g = sum;
                double w = 1.0 / count;
                g.setScaledSum(parts, w, net.threads());       // = clear, add each part in order, scale by w
                List<Trace> traces = Arrays.asList(tr);
                BatchLoss.Result r = new BatchLoss.Result(Arrays.asList(ev));
                LossMetrics bm = new LossMetrics();
                if (tloss == null) {
                    batchLoss.record(traces, labels, r, bm);
                } else {
                    for (LossEval v : ev) {
                        bm.recordUnlabeled(v);
                    }
                }
                m.merge(bm);
                for (Trace t : traces) {
                    hidden += hiddenSpikes(t);
                    out += t.output().size();
                }
                batchLoss.applySilentPolicy(traces, r, w, g);
                opt.step(net, g);
                listener.onBatch(e + 1, b + 1, batches, bm.meanLossFiring());
            }
            long trainNanos = System.nanoTime() - t0;
            if (config.averagedEpochs(e + 1) > 0) {
                if (average == null) {
                    average = WeightAverage.of(net);
                } else {
                    average.add(net);
                }
            }
            // the network of record: the weight average once it has begun, else the network just trained
            FFEvNN model = average != null ? average.net() : net;
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (validation != null && validation.size() > 0) {
                Evaluation v = tloss != null ? evaluate(model, validation, tloss)
                        : evaluate(model, validation, labeled);
                valLoss = v.meanLoss();
                valAcc = v.accuracy();
                if (bestNet == null || valAcc > bestAcc) {
                    bestAcc = valAcc;
                    bestEpoch = e + 1;
                    bestNet = model.copy();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                if (config.patience() > 0 && sinceBest >= config.patience()) {
                    stopped = true;
                }
            }
            EpochMetrics em = new EpochMetrics(e + 1, lr, m.meanLossFiring(), m.accuracy(), valLoss, valAcc,
                    (double) hidden / n, (double) out / n, m.silentLabelSamples(),
                    (System.nanoTime() - t0) * 1e-9, trainNanos * 1e-9);
            history.add(em);
            if (checkpointFile != null) {
                Checkpoint cp = new Checkpoint(net, recorded, e + 1, opt.exportState(), history, bestEpoch, bestAcc,
                        sinceBest, stopped, bestNet, meta, average == null ? null : average.net(),
                        average == null ? 0 : average.count());
                try {
                    cp.write(checkpointFile);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            listener.onEpoch(em);
        }
        return new TrainResult(average != null ? average.net() : net, bestNet, bestEpoch, history, stopped, net,
                average == null ? 0 : average.count());
    }

    private static long inputSpikeCount(Dataset d) {
        long c = 0;
        for (double[][] x : d.inputs()) {
            for (double[] ch : x) {
                c += ch.length;
            }
        }
        return c;
    }

    private static void checkTargets(Dataset d, org.eventprop4j.optim.TargetLoss loss, String what) {
        if (!d.hasTargets()) {
            return;
        }
        for (int i = 0; i < d.size(); i++) {
            if (d.targets()[i].length != loss.targetLength()) {
                throw new IllegalArgumentException(what + " sample " + i + " has a target of length "
                        + d.targets()[i].length + "; " + loss + " expects " + loss.targetLength());
            }
        }
    }

    /**
     * Mean loss (over all samples), silent-target count and spike counts of {@code net} on the target vectors of
     * {@code data} under a regression loss; accuracy is NaN and the predictions are -1.
     *
     * @param net     the network
     * @param data    samples with target vectors
     * @param unbound the loss (bound to {@code net} here)
     * @return the evaluation
     */
    public static Evaluation evaluate(FFEvNN net, Dataset data, org.eventprop4j.optim.TargetLoss unbound) {
        if (!data.hasTargets()) {
            throw new IllegalArgumentException("a TargetLoss needs a dataset with target vectors");
        }
        org.eventprop4j.optim.TargetLoss loss = unbound.bindTo(net);
        checkTargets(data, loss, "evaluation");
        LossMetrics m = new LossMetrics();
        long hidden = 0;
        long out = 0;
        int n = data.size();
        int[] pred = new int[n];
        java.util.Arrays.fill(pred, -1);
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int to = Math.min(n, from + EVAL_CHUNK);
            List<Trace> traces = net.simulateBatch(data.inputs().subList(from, to));
            for (int b = from; b < to; b++) {
                Trace tr = traces.get(b - from);
                m.recordUnlabeled(loss.evaluate(tr, data.targets()[b]));
                hidden += hiddenSpikes(tr);
                out += tr.output().size();
            }
        }
        return new Evaluation(n, m.meanLossFiring(), m.accuracy(), m.correct(), m.silentLabelSamples(),
                n == 0 ? Double.NaN : (double) hidden / n, n == 0 ? Double.NaN : (double) out / n, pred);
    }

    /** Element-wise sum of two hidden-error lists (either may be null, as may their entries). */
    private static double[][] addHidden(double[][] a, double[][] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        double[][] s = new double[a.length][];
        for (int l = 0; l < a.length; l++) {
            if (a[l] == null || b[l] == null) {
                s[l] = a[l] != null ? a[l] : b[l];
            } else {
                s[l] = a[l].clone();
                for (int q = 0; q < s[l].length; q++) {
                    s[l][q] += b[l][q];
                }
            }
        }
        return s;
    }

    private static void checkLabels(Dataset d, int outputs, String what) {
        for (int i = 0; i < d.size(); i++) {
            int l = d.labels()[i];
            if (l < 0 || l >= outputs) {
                throw new IllegalArgumentException(what + " sample " + i + " has label " + l + "; the network has "
                        + outputs + " output neurons");
            }
        }
    }

    private static long hiddenSpikes(Trace tr) {
        long s = 0;
        for (int l = 0; l < tr.layers().size() - 1; l++) {
            s += tr.layers().get(l).output().size();
        }
        return s;
    }

    /**
     * Loss, accuracy, silent labels, spike counts and predictions of {@code net} on {@code data} (forward passes
     * only, parallel on the network's threads).
     *
     * @param net     the network
     * @param data    labelled samples
     * @param unbound the loss (bound to {@code net} here)
     * @return the evaluation
     */
    public static Evaluation evaluate(FFEvNN net, Dataset data, LabeledLoss unbound) {
        LabeledLoss loss = unbound.bindTo(net);
        LossMetrics m = new LossMetrics();
        long hidden = 0;
        long out = 0;
        int n = data.size();
        int[] pred = new int[n];
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int to = Math.min(n, from + EVAL_CHUNK);
            List<Trace> traces = net.simulateBatch(data.inputs().subList(from, to));
            for (int b = from; b < to; b++) {
                Trace tr = traces.get(b - from);
                int label = data.labels()[b];
                LossEval e = loss.evaluate(tr, label);
                m.record(e, loss.correct(tr, label), loss.labelSilent(tr, label));
                pred[b] = loss.predict(tr);
                hidden += hiddenSpikes(tr);
                out += tr.output().size();
            }
        }
        return new Evaluation(n, m.meanLossFiring(), m.accuracy(), m.correct(), m.silentLabelSamples(),
                n == 0 ? Double.NaN : (double) hidden / n, n == 0 ? Double.NaN : (double) out / n, pred);
    }
}
