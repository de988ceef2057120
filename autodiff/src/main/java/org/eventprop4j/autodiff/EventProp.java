package org.eventprop4j.autodiff;

import java.util.Arrays;
import java.util.List;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.LifClosedForm;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.LayerTrace;
import org.eventprop4j.core.sim.NeuronSimulator;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.core.util.Parallel;

/**
 * Exact gradients by EventProp: the adjoint of the event-based forward pass, with jump conditions at spikes.
 *
 * <p>Given a forward {@link Trace} and {@code dL/dt} of the output spikes (and optionally {@code dL/dy} of the last
 * layer's state at sample times), it returns {@code dL/dW}, {@code dL/dp} for every neuron parameter of every layer,
 * and {@code dL/dt} of the network's input spikes. Layers are processed last to first; each layer hands the errors of
 * its input spikes to the layer below as the errors of that layer's output spikes. Every neuron is replayed from its
 * recorded spikes and its adjoint runs backward from {@code lam(T) = 0}; neurons that receive no error are skipped.
 * LIF uses the closed-form adjoint ({@link LifAdjoint}); other models integrate the adjoint numerically with
 * Jacobians of the model's own equations by forward-mode AD.
 *
 * <p>Convention: {@code lam = dL/dy} (cotangents). Units: time in ms.
 */
public final class EventProp {
    /** Samples per partial sum in {@link #backwardBatch}. */
    private static final int CHUNK = 32;

    private final FFEvNN net;
    private final boolean paramGrads;
    /** Each thread's scratch (adjoint buffers reused from sample to sample). */
    private final ThreadLocal<Worker> workers;

    /**
     * Gradients with respect to every weight and every neuron parameter.
     *
     * @param net the network (its parameters are read at each backward pass)
     */
    public EventProp(FFEvNN net) {
        this(net, true);
    }

    private EventProp(FFEvNN net, boolean paramGrads) {
        this(net, paramGrads, true);
    }

    private EventProp(FFEvNN net, boolean paramGrads, boolean layerPath) {
        this.net = net;
        this.paramGrads = paramGrads;
        this.workers = ThreadLocal.withInitial(() -> new Worker(net, paramGrads, layerPath));
    }

    /** The weights-only pass with the LIF weight adjoint neuron by neuron, never layer-wise (for tests). */
    EventProp weightsOnlyPerNeuron() {
        return new EventProp(net, false, false);
    }

    /**
     * The same gradients computed neuron by neuron: no lockstep layer adjoint for numerical models and no layer-wise
     * LIF weight adjoint. Slower; the reference the faster paths are tested and benchmarked against.
     *
     * @return a pass over the same network that runs neuron by neuron
     */
    public EventProp perNeuron() {
        return new EventProp(net, paramGrads, false);
    }

    /**
     * The same backward pass computing only weight gradients (and input-spike errors); neuron-parameter gradients
     * are left at zero where that saves work (the closed-form LIF adjoint skips the parameter integrals). For
     * training weights only, as Wunderlich &amp; Pehle do.
     *
     * @return a weights-only pass over the same network
     */
    public EventProp weightsOnly() {
        return new EventProp(net, false);
    }

    /** @return whether neuron-parameter gradients are computed */
    public boolean computesParameterGradients() {
        return paramGrads;
    }

    /** Neuron backward passes the calling thread has run on the replay-free LIF weight path (for tests). */
    long fastNeuronTasksOfThisThread() {
        return workers.get().fastTasks;
    }

    /** Neuron backward passes the calling thread has run in a lockstep layer adjoint (for tests). */
    long lockstepNeuronTasksOfThisThread() {
        return workers.get().lockstepTasks;
    }

    /** @return the network whose gradients this computes */
    public FFEvNN network() {
        return net;
    }

    private static NeuronAdjoint newAdjoint(NeuronModel m, FFEvNN net, boolean paramGrads) {
        if (m.closedForm() instanceof LifClosedForm) {
            return new LifAdjoint(paramGrads);
        }
        return new GeneralAdjoint(m, net.options(), new NeuronSimulator(m, net.options()), paramGrads);
    }

    /**
     * Gradients of {@code loss} for one sample: simulates, then runs the backward pass.
     *
     * @param inSpikes the input spike times per channel (ms)
     * @param loss     the loss on the output spikes
     * @return the gradients
     */
    public Gradients gradient(double[][] inSpikes, SpikeLoss loss) {
        Trace tr = net.simulate(inSpikes);
        return backward(tr, loss.spikeErrors(tr));
    }

    /**
     * The backward pass of one sample.
     *
     * @param trace        the forward trace of the sample (from this network with its current parameters)
     * @param outputErrors {@code dL/dt} of each output spike, aligned with {@code trace.output()}
     * @return the gradients of the sample
     */
    public Gradients backward(Trace trace, double[] outputErrors) {
        return backward(trace, outputErrors, null, null);
    }

    /**
     * The backward pass of one sample with a loss also on sampled states of the last layer.
     *
     * @param trace        the forward trace of the sample
     * @param outputErrors {@code dL/dt} of each output spike, aligned with {@code trace.output()}
     * @param sampleTimes  sorted, distinct times in {@code [0, T]} (ms), or null
     * @param sampleErrors {@code dL/dy} at those times, {@code [neuron][time][channel]}, or null
     * @return the gradients of the sample
     */
    public Gradients backward(Trace trace, double[] outputErrors, double[] sampleTimes, double[][][] sampleErrors) {
        Gradients g = new Gradients(net);
        workers.get().backward(trace, outputErrors, null, sampleTimes, sampleErrors, g, true);
        return g;
    }

    /**
     * The backward pass of one sample with a loss also on the spikes of hidden layers (e.g. an activity penalty on
     * hidden spike times): their {@code dL/dt} are added to the errors that the layer above hands down.
     *
     * @param outputErrors {@code dL/dt} of each output spike, aligned with {@code trace.output()}
     * @param hiddenErrors {@code dL/dt} of the spikes of hidden layer {@code l} in {@code hiddenErrors[l]}, aligned
     *                     with {@code trace.layers().get(l).output()} (null for a layer without such a loss);
     *                     {@code L - 1} entries for an {@code L}-layer network
     * @param trace        the forward trace of the sample
     * @return the gradients of the sample
     */
    public Gradients backward(Trace trace, double[] outputErrors, double[][] hiddenErrors) {
        Gradients g = new Gradients(net);
        workers.get().backward(trace, outputErrors, hiddenErrors, null, null, g, true);
        return g;
    }

    /**
     * As {@link #accumulate(Trace, double[], Gradients)}, with errors on hidden spikes as in
     * {@link #backward(Trace, double[], double[][])}.
     *
     * @param trace        the forward trace of the sample
     * @param outputErrors {@code dL/dt} of each output spike
     * @param hiddenErrors {@code dL/dt} of hidden spikes per hidden layer, or null
     * @param into         where the gradients are added
     */
    public void accumulate(Trace trace, double[] outputErrors, double[][] hiddenErrors, Gradients into) {
        workers.get().backward(trace, outputErrors, hiddenErrors, null, null, into, false);
    }

    /**
     * As {@link #accumulate(Trace, double[], double[][], Gradients)}, with a loss also on sampled states of the last
     * layer as in {@link #backward(Trace, double[], double[], double[][][])} ({@code sampleTimes} and
     * {@code sampleErrors} may be null).
     *
     * @param trace        the forward trace of the sample
     * @param outputErrors {@code dL/dt} of each output spike
     * @param hiddenErrors {@code dL/dt} of hidden spikes per hidden layer, or null
     * @param sampleTimes  sorted sample times (ms), or null
     * @param sampleErrors {@code dL/dy} at those times, {@code [neuron][time][channel]}, or null
     * @param into         where the gradients are added
     */
    public void accumulate(Trace trace, double[] outputErrors, double[][] hiddenErrors, double[] sampleTimes,
                           double[][][] sampleErrors, Gradients into) {
        workers.get().backward(trace, outputErrors, hiddenErrors, sampleTimes, sampleErrors, into, false);
    }

    /**
     * Adds the gradients of one sample to {@code into} (the summation order is the caller's): for callers that run
     * their own parallel pieces, e.g. forward, loss and backward of a piece of samples in one task. Uses the calling
     * thread's scratch; {@code into} must not be shared between threads. Input-spike errors are not kept (a sum of
     * samples has none: {@link Gradients#inputErrors()} of {@code into} is empty), which saves their work.
     *
     * @param trace        the forward trace of the sample
     * @param outputErrors {@code dL/dt} of each output spike, aligned with {@code trace.output()}
     * @param into         where the gradients are added
     */
    public void accumulate(Trace trace, double[] outputErrors, Gradients into) {
        workers.get().backward(trace, outputErrors, null, null, null, into, false);
    }

    /**
     * Sum of the gradients of many samples, computed in parallel over samples on the network's threads and added in
     * sample order, so the result is bit-identical whatever the number of threads.
     *
     * @param traces       the forward traces
     * @param outputErrors {@code dL/dt} of each output spike of each trace
     * @return the summed gradients
     */
    public Gradients backwardBatch(List<Trace> traces, List<double[]> outputErrors) {
        return backwardBatch(traces, outputErrors, CHUNK);
    }

    /**
     * As {@link #backwardBatch(List, List)}, with the batch cut into pieces of {@code piece} samples: each piece is
     * summed in sample order (in parallel with the others), then the pieces in piece order. The result depends on
     * {@code piece} but never on the number of threads; small pieces let small batches use several threads.
     *
     * @param traces       the forward traces
     * @param outputErrors {@code dL/dt} of each output spike of each trace
     * @param piece        samples per piece
     * @return the summed gradients
     */
    public Gradients backwardBatch(List<Trace> traces, List<double[]> outputErrors, int piece) {
        if (traces.size() != outputErrors.size()) {
            throw new IllegalArgumentException("traces and errors differ in number: " + traces.size() + " vs "
                    + outputErrors.size());
        }
        if (piece < 1) {
            throw new IllegalArgumentException("piece must be >= 1, got " + piece);
        }
        int n = traces.size();
        int chunks = (n + piece - 1) / piece;
        Gradients[] parts = new Gradients[chunks];
        Parallel.forEach(chunks, net.threads(),
                c -> parts[c] = chunk(traces, outputErrors, c * piece, Math.min(n, (c + 1) * piece)));
        Gradients sum = new Gradients(net);
        for (Gradients g : parts) {
            sum.add(g);
        }
        return sum;
    }

    /** Gradients of samples {@code from..to-1}, summed in sample order. */
    private Gradients chunk(List<Trace> traces, List<double[]> errors, int from, int to) {
        Worker w = workers.get();
        Gradients part = new Gradients(net);
        for (int b = from; b < to; b++) {
            w.backward(traces.get(b), errors.get(b), null, null, null, part, false);
        }
        return part;
    }

    /** One thread's scratch: adjoint and task. */
    private static final class Worker {
        private final FFEvNN net;
        /** The adjoint of each layer's model (layers with the same model instance share one). */
        private final NeuronAdjoint[] adjoints;
        /** Per layer: the replay-free LIF weight adjoint where it applies, else null. */
        private final LifWeightAdjoint[] fasts;
        /** The same, a whole layer at once (used where every neuron of the layer qualifies). */
        private final LifLayerWeightAdjoint layerFast = new LifLayerWeightAdjoint();
        /** Per layer: the lockstep adjoint of a numerical model, or null (closed form, untraced, per-neuron tests). */
        private final LayerAdjoint[] lockstep;
        private final boolean layerPath;
        // lockstep scratch: the neurons it takes, their first spike and its error, and those it hands back
        private int[] nodes = new int[0];
        private double[] firstTime = new double[0];
        private double[] firstError = new double[0];
        private boolean[] handled = new boolean[0];
        private boolean[] left = new boolean[0];

        // static, so that a thread's cached worker does not keep its EventProp (and ThreadLocal) alive
        Worker(FFEvNN net, boolean paramGrads, boolean layerPath) {
            this.net = net;
            this.layerPath = layerPath;
            int n = net.layers().size();
            adjoints = new NeuronAdjoint[n];
            fasts = new LifWeightAdjoint[n];
            lockstep = new LayerAdjoint[n];
            java.util.Map<NeuronModel, NeuronAdjoint> byModel = new java.util.IdentityHashMap<>();
            java.util.Map<NeuronModel, LayerAdjoint> lockByModel = new java.util.IdentityHashMap<>();
            LifWeightAdjoint fast = null;
            for (int l = 0; l < n; l++) {
                NeuronModel m = net.model(l);
                adjoints[l] = byModel.computeIfAbsent(m, mm -> newAdjoint(mm, net, paramGrads));
                if (layerPath && LayerAdjoint.supports(m)) {
                    lockstep[l] = lockByModel.computeIfAbsent(m, mm -> new LayerAdjoint(mm, net.options(), paramGrads));
                }
                if (!paramGrads && m.closedForm() instanceof LifClosedForm) {
                    if (fast == null) {
                        fast = new LifWeightAdjoint();
                    }
                    fasts[l] = fast;
                }
            }
        }

        private final NeuronTask task = new NeuronTask();
        // per-layer scratch, grown as needed
        private int[] start = new int[0];
        private int[] fill = new int[0];
        private double[] until = new double[0];
        private double[] ownTimes = new double[16];
        private double[] ownErrors = new double[16];
        private final double[][] errorScratch = {new double[16], new double[16]};
        /** Neurons served by {@link #fast} so far (for tests). */
        long fastTasks;
        /** Neurons served by the lockstep adjoint so far (for tests). */
        long lockstepTasks;

        /**
         * Adds the gradients of one sample to {@code g} and its counters.
         *
         * @param hiddenErrors dL/dt of the spikes of layers {@code 0 .. L-2} ({@code hiddenErrors[l]} aligned with
         *                     that layer's output spikes, or null), or null
         * @param keepInputErrors whether {@code g} gets the errors of the network's input spikes (single-sample
         *                     gradients); sums of samples drop them, so the layer-wise LIF adjoint skips them there
         *                     (on Fashion-MNIST's first layer they are half of its backward work)
         */
        void backward(Trace trace, double[] outputErrors, double[][] hiddenErrors, double[] sampleTimes,
                      double[][][] sampleErrors, Gradients g, boolean keepInputErrors) {
            List<Layer> layers = net.layers();
            if (trace.layers().size() != layers.size()) {
                throw new IllegalArgumentException("trace has " + trace.layers().size() + " layers, network "
                        + layers.size());
            }
            if (hiddenErrors != null) {
                checkHiddenErrors(trace, hiddenErrors);
            }
            if (outputErrors.length != trace.output().size()) {
                throw new IllegalArgumentException("output errors: expected one per output spike ("
                        + trace.output().size() + "), got " + outputErrors.length);
            }
            for (int q = 0; q < outputErrors.length; q++) {
                if (!Double.isFinite(outputErrors[q])) {
                    throw new IllegalArgumentException("output error " + q + " is " + outputErrors[q]);
                }
            }
            int nc = net.model(layers.size() - 1).channelCount();
            if (sampleErrors != null) {
                if (sampleTimes == null || sampleErrors.length != net.outSize()) {
                    throw new IllegalArgumentException("sample errors: expected [" + net.outSize()
                            + "][times][" + nc + "] with sample times");
                }
                for (int q = 1; q < sampleTimes.length; q++) {
                    if (!(sampleTimes[q] > sampleTimes[q - 1])) {
                        throw new IllegalArgumentException("sample times must be sorted and distinct");
                    }
                }
            }
            g.setSamples(g.samples() + 1);
            double[] errors = outputErrors;
            int tangential = 0;
            for (int l = layers.size() - 1; l >= 0; l--) {
                Layer layer = layers.get(l);
                NeuronAdjoint adjoint = adjoints[l];
                LifWeightAdjoint fast = fasts[l];
                task.p = new double[net.model(l).params().size()];
                LayerTrace lt = trace.layers().get(l);
                LayerGradient lg = g.layer(l);
                int nIn = lt.input().size();
                // the input errors of layer 0 are returned; those of higher layers live in this worker's scratch
                // a sum of samples drops the network's input errors: the layer-wise LIF adjoint skips them
                final boolean skipInputErrors = l == 0 && !keepInputErrors;
                double[] inErrors;
                if (l == 0 && !skipInputErrors) {
                    inErrors = new double[nIn];
                } else {
                    if (errorScratch[l & 1].length < nIn) {
                        errorScratch[l & 1] = new double[Math.max(nIn, 2 * errorScratch[l & 1].length)];
                    }
                    inErrors = errorScratch[l & 1];
                    Arrays.fill(inErrors, 0, nIn, 0.0);
                }
                Spikes out = lt.output();
                boolean last = l == layers.size() - 1;
                int size = layer.size();
                int nOut = out.size();
                if (start.length < size + 1) {
                    start = new int[size + 1];
                    fill = new int[size + 1];
                    until = new double[size];
                }
                if (ownTimes.length < nOut) {
                    ownTimes = new double[Math.max(nOut, 2 * ownTimes.length)];
                    ownErrors = new double[ownTimes.length];
                }
                // this layer's spikes grouped by neuron (time order kept): neuron i owns [start[i], start[i+1])
                Arrays.fill(start, 0, size + 1, 0);
                final int[] outSrc = out.sources();
                final double[] outTimes = out.times();
                for (int q = 0; q < nOut; q++) {
                    start[outSrc[q] + 1]++;
                }
                for (int i = 0; i < size; i++) {
                    start[i + 1] += start[i];
                }
                System.arraycopy(start, 0, fill, 0, size);
                // the adjoint is zero after a neuron's last event that carries an error: replay up to there only
                Arrays.fill(until, 0, size, Double.NEGATIVE_INFINITY);
                for (int q = 0; q < nOut; q++) {
                    int i = outSrc[q];
                    int slot = fill[i]++;
                    ownTimes[slot] = outTimes[q];
                    ownErrors[slot] = errors[q];
                    if (errors[q] != 0.0) {
                        until[i] = outTimes[q];
                    }
                }
                task.ownTimes = ownTimes;
                task.ownErrors = ownErrors;
                task.size = size;
                task.input = lt.input();
                task.weights = layer.weights();
                task.weightGrad = lg.weights();
                task.paramGrad = lg.params();
                task.inputErrors = inErrors;
                boolean sharedTaus = fast != null && LifClosedForm.sharedTaus(layer.params(), size);
                if (sharedTaus && layerPath && !(last && sampleErrors != null) && LifLayerWeightAdjoint.applies(
                        layer.params()[LIF.TAU_SYN][0], layer.params()[LIF.TAU_MEM][0], out, errors)) {
                    tangential += layerFast.backward(lt.input(), out, lt.preSpikeStates(), lt.channels(), errors,
                            layer.weights(), size, layer.params(), lg.weights(), skipInputErrors ? null : inErrors);
                    for (int i = 0; i < size; i++) {
                        fastTasks += until[i] == Double.NEGATIVE_INFINITY ? 0 : 1;
                    }
                } else {
                    if (handled.length < size) {
                        handled = new boolean[size];
                        left = new boolean[size];
                        nodes = new int[size];
                        firstTime = new double[size];
                        firstError = new double[size];
                    }
                    Arrays.fill(handled, 0, size, false);
                    LayerAdjoint lock = lockstep[l];
                    if (lock != null && !(last && sampleErrors != null)) {
                        // the neurons whose backward pass ends at their first spike go through the layer in lockstep
                        double[] inTimes = lt.input().times();
                        int count = 0;
                        for (int i = 0; i < size; i++) {
                            if (LayerAdjoint.eligible(until[i], ownTimes, start[i], start[i + 1], inTimes)) {
                                nodes[count++] = i;
                                firstTime[i] = until[i];
                                firstError[i] = ownErrors[start[i]];
                            }
                        }
                        if (count > 1) {
                            Arrays.fill(left, 0, size, false);
                            tangential += lock.backward(nodes, count, firstTime, firstError, lt.input(),
                                    layer.weights(), size, layer.params(), lg.weights(), lg.params(), inErrors, left);
                            for (int c = 0; c < count; c++) {
                                handled[nodes[c]] = !left[nodes[c]];
                                lockstepTasks += left[nodes[c]] ? 0 : 1;
                            }
                        }
                    }
                    for (int i = 0; i < size; i++) {
                        if (handled[i]) {
                            continue;
                        }
                        double[] sErr = null;
                        if (last && sampleErrors != null) {
                            sErr = flatten(sampleErrors[i], sampleTimes.length, nc);
                            for (int q = 0; q < sErr.length; q++) {
                                if (sErr[q] != 0.0) {
                                    until[i] = Math.max(until[i], sampleTimes[q / nc]);
                                }
                            }
                        }
                        if (until[i] == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        for (int k = 0; k < task.p.length; k++) {
                            task.p[k] = layer.params()[k][i];
                        }
                        task.neuron = i;
                        task.ownFrom = start[i];
                        task.ownTo = start[i + 1];
                        task.sampleErrors = sErr;
                        task.tangential = 0;
                        task.until = until[i];
                        task.sampleTimes = sErr != null ? sampleTimes : null;
                        if (sharedTaus && LifWeightAdjoint.applies(task)) {
                            fast.backward(task);
                            fastTasks++;
                        } else {
                            adjoint.backward(task);
                        }
                        tangential += task.tangential;
                    }
                }
                errors = inErrors;
                if (l > 0 && hiddenErrors != null && hiddenErrors[l - 1] != null) {
                    // the layer below gets the errors of its spikes from this layer plus its own loss terms
                    double[] own = hiddenErrors[l - 1];
                    for (int q = 0; q < own.length; q++) {
                        errors[q] += own[q];
                    }
                }
            }
            g.setInputErrors(keepInputErrors ? errors : NO_ERRORS);
            g.addTangential(tangential);
        }
    }

    private static final double[] NO_ERRORS = new double[0];

    private static void checkHiddenErrors(Trace trace, double[][] hiddenErrors) {
        int hidden = trace.layers().size() - 1;
        if (hiddenErrors.length != hidden) {
            throw new IllegalArgumentException("hidden spike errors: expected one entry per hidden layer (" + hidden
                    + "), got " + hiddenErrors.length);
        }
        for (int l = 0; l < hidden; l++) {
            double[] e = hiddenErrors[l];
            if (e == null) {
                continue;
            }
            int n = trace.layers().get(l).output().size();
            if (e.length != n) {
                throw new IllegalArgumentException("hidden spike errors of layer " + l + ": expected one per spike ("
                        + n + "), got " + e.length);
            }
            for (int q = 0; q < n; q++) {
                if (!Double.isFinite(e[q])) {
                    throw new IllegalArgumentException("hidden spike error " + q + " of layer " + l + " is " + e[q]);
                }
            }
        }
    }

    private static double[] flatten(double[][] perTime, int nTimes, int nc) {
        if (perTime.length != nTimes) {
            throw new IllegalArgumentException("sample errors: expected " + nTimes + " times, got " + perTime.length);
        }
        double[] f = new double[nTimes * nc];
        for (int q = 0; q < nTimes; q++) {
            if (perTime[q].length != nc) {
                throw new IllegalArgumentException("sample errors: expected " + nc + " channels, got "
                        + perTime[q].length);
            }
            for (int c = 0; c < nc; c++) {
                double v = perTime[q][c];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sample error is " + v);
                }
                f[q * nc + c] = v;
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return "EventProp[" + net.models().stream().map(NeuronModel::name).distinct().toList() + ", layers " + Arrays.toString(
                net.layers().stream().mapToInt(Layer::size).toArray()) + "]";
    }
}
