package org.eventprop4j.core.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.core.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A feed-forward network of spiking neurons, simulated exactly event by event (the Java counterpart of
 * eventpropjax's {@code FFEvNN}). Layer 0 receives the input channels, layer {@code l + 1} the spikes of layer
 * {@code l}. Times are in ms; the simulation window is {@code [0, maxSolverTime]}.
 *
 * <p>Input spikes are given per input channel: {@code inSpikes[channel][k]} (as an {@link INDArray} of shape
 * {@code [inSize, K]}), in any order, padded with {@code +inf}. Times above {@code maxSolverTime} are ignored;
 * negative or NaN times are an error.
 *
 * <p>Parameters live in the {@link #layers()} and may be updated in place (training). Simulation methods may run
 * concurrently as long as nobody updates the parameters meanwhile. Batch methods run samples in parallel on
 * {@link #threads()} threads; their results do not depend on the number of threads.
 */
public final class FFEvNN {
    /** Most threads a network's batch methods use (more only adds scheduling work; samples are the unit of work). */
    public static final int MAX_THREADS = 256;


    private final NeuronModel model;
    private final List<NeuronModel> layerModels;
    private final int inSize;
    private final List<Layer> layers;
    private final SimOptions options;
    private final int threads;
    /** Each thread's simulator for this network (scratch buffers reused from sample to sample). */
    private final ThreadLocal<NetworkSimulator> simulators;

    /**
     * A network from explicit layers (e.g. read from a file).
     *
     * @param model   the neuron model of every layer
     * @param inSize  number of input channels ({@code > 0})
     * @param layers  the layers, first to last (their arrays become the network's live parameters)
     * @param options simulation options
     * @param threads threads of the batch methods, {@code 1..MAX_THREADS}
     * @throws IllegalArgumentException naming the problem if shapes do not chain or a parameter is invalid
     */
    public FFEvNN(NeuronModel model, int inSize, List<Layer> layers, SimOptions options, int threads) {
        this(java.util.Collections.nCopies(Math.max(1, layers.size()), model), inSize, layers, options, threads);
    }

    /**
     * A network whose layer {@code l} runs {@code models.get(l)} (e.g. QIF hidden layers and a LIF output layer, or
     * an {@link org.eventprop4j.core.model.LI} readout). {@link #model()} is the first layer's model.
     *
     * @param models  one neuron model per layer
     * @param inSize  number of input channels ({@code > 0})
     * @param layers  the layers, first to last (their arrays become the network's live parameters)
     * @param options simulation options
     * @param threads threads of the batch methods, {@code 1..MAX_THREADS}
     * @throws IllegalArgumentException naming the problem if shapes do not chain, the number of models differs from
     *                                  the number of layers, or a parameter is invalid
     */
    public FFEvNN(List<NeuronModel> models, int inSize, List<Layer> layers, SimOptions options, int threads) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (inSize <= 0) {
            throw new IllegalArgumentException("inSize must be positive, got " + inSize);
        }
        if (threads <= 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        if (models.size() != layers.size()) {
            throw new IllegalArgumentException("expected one neuron model per layer (" + layers.size() + "), got "
                    + models.size());
        }
        int fan = inSize;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (models.get(l) == null) {
                throw new IllegalArgumentException("layer " + l + " has no neuron model");
            }
            if (layer.fanIn() != fan) {
                throw new IllegalArgumentException("layer " + l + " has fan-in " + layer.fanIn() + " but receives "
                        + fan + " sources");
            }
            layer.validate(models.get(l), l);
            fan = layer.size();
        }
        this.layerModels = List.copyOf(models);
        this.model = layerModels.get(0);
        this.inSize = inSize;
        this.layers = List.copyOf(layers);
        this.options = options;
        this.threads = threads;
        this.simulators = ThreadLocal.withInitial(() -> new NetworkSimulator(layerModels, options));
    }

    /**
     * A builder with the seed's keyword arguments, for {@code model}.
     *
     * @param model the neuron model of every layer (see {@link Builder#layerModel} for exceptions)
     * @return a new builder
     */
    public static Builder builder(NeuronModel model) {
        return new Builder(model);
    }

    /**
     * The neuron model of the first layer (of every layer unless {@link #mixed()}).
     *
     * @return the first layer's model
     */
    public NeuronModel model() {
        return model;
    }

    /**
     * The neuron model of layer {@code layer} (0 = first hidden layer).
     *
     * @param layer the layer index
     * @return its model
     */
    public NeuronModel model(int layer) {
        return layerModels.get(layer);
    }

    /**
     * The neuron model of every layer, first to last.
     *
     * @return the models (unmodifiable), one per layer
     */
    public List<NeuronModel> models() {
        return layerModels;
    }

    /**
     * Whether some layer runs another model than the first layer (by instance).
     *
     * @return whether the layers' models are not all the same instance
     */
    public boolean mixed() {
        for (NeuronModel m : layerModels) {
            if (m != model) {
                return true;
            }
        }
        return false;
    }

    /**
     * Number of input channels.
     *
     * @return the number of input channels
     */
    public int inSize() {
        return inSize;
    }

    /**
     * The layers, first to last; their arrays are the live parameters.
     *
     * @return the layers (unmodifiable list)
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Number of output neurons (size of the last layer).
     *
     * @return the number of output neurons
     */
    public int outSize() {
        return layers.get(layers.size() - 1).size();
    }

    /**
     * The simulation options.
     *
     * @return the options
     */
    public SimOptions options() {
        return options;
    }

    /**
     * Threads used by the batch methods.
     *
     * @return the number of threads
     */
    public int threads() {
        return threads;
    }

    /**
     * A deep copy of this network (parameters copied), with the same options.
     *
     * @return the copy
     */
    public FFEvNN copy() {
        return withOptions(options, threads);
    }

    /**
     * A deep copy with other simulation options and thread count.
     *
     * @param newOptions the copy's simulation options
     * @param newThreads the copy's thread count
     * @return the copy
     */
    public FFEvNN withOptions(SimOptions newOptions, int newThreads) {
        List<Layer> ls = new ArrayList<>();
        for (Layer l : layers) {
            ls.add(l.copy());
        }
        return new FFEvNN(layerModels, inSize, ls, newOptions, newThreads);
    }

    /** Re-checks every weight and parameter (after in-place updates); throws naming the first invalid one. */
    public void validate() {
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).validate(layerModels.get(l), l);
        }
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /**
     * Converts per-channel spike times into a time-ordered {@link Spikes} list restricted to {@code [0, T]}.
     *
     * @param inSpikes {@code inSpikes[channel][k]}, any order, {@code +inf} = padding
     * @return the spikes in {@code [0, maxSolverTime]}, time-ordered, sources = channels
     * @throws IllegalArgumentException for a wrong number of channels, a NaN or a negative time
     */
    public Spikes inputSpikes(double[][] inSpikes) {
        if (inSpikes.length != inSize) {
            throw new IllegalArgumentException("input spikes: expected " + inSize + " channels, got "
                    + inSpikes.length);
        }
        double tEnd = options.maxSolverTime();
        int total = 0;
        for (int j = 0; j < inSize; j++) {
            double[] row = inSpikes[j];
            if (row == null) {
                throw new IllegalArgumentException("input spikes: channel " + j + " is null");
            }
            for (int q = 0; q < row.length; q++) {
                double t = row[q];
                if (Double.isNaN(t)) {
                    throw new IllegalArgumentException("input spikes: channel " + j + " time " + q + " is NaN");
                }
                if (t < 0) {
                    throw new IllegalArgumentException("input spikes: channel " + j + " has negative time " + t
                            + " ms");
                }
                if (t <= tEnd) {
                    total++;
                }
            }
        }
        // laid out channel by channel, each channel's times sorted: the stable time order then breaks ties by channel
        double[] flat = new double[total];
        int[] src = new int[total];
        int k = 0;
        for (int j = 0; j < inSize; j++) {
            int start = k;
            boolean sorted = true;
            for (double t : inSpikes[j]) {
                if (t <= tEnd) {
                    sorted &= k == start || !(t < flat[k - 1]);
                    flat[k] = t;
                    src[k++] = j;
                }
            }
            if (!sorted) {
                Arrays.sort(flat, start, k);
            }
        }
        return Spikes.sortedByTime(flat, src);
    }

    // ------------------------------------------------------------------------------------------ single sample

    /**
     * Simulates one sample (input as in {@link #inputSpikes(double[][])}); returns the whole forward trace.
     *
     * @param inSpikes spike times in ms, {@code [channel][k]}
     * @return the spikes of every layer
     */
    public Trace simulate(double[][] inSpikes) {
        return simulate(inputSpikes(inSpikes));
    }

    /**
     * Simulates one sample given time-ordered input spikes (sources = input channels {@code < inSize}).
     *
     * @param input the input spikes; those after {@code maxSolverTime} are dropped
     * @return the spikes of every layer
     */
    public Trace simulate(Spikes input) {
        return simulators.get().run(layers, checkInput(input), null, null);
    }

    private Spikes checkInput(Spikes input) {
        double tEnd = options.maxSolverTime();
        int n = 0;
        for (int q = 0; q < input.size(); q++) {
            if (input.sources()[q] >= inSize) {
                throw new IllegalArgumentException("input spike source " + input.sources()[q] + " >= inSize "
                        + inSize);
            }
            if (input.times()[q] <= tEnd) {
                n++;
            }
        }
        if (n == input.size()) {
            return input;
        }
        return new Spikes(Arrays.copyOf(input.times(), n), Arrays.copyOf(input.sources(), n));
    }

    /**
     * First spike time of each output neuron, {@code outputNoSpikeValue} where silent; shape {@code [outSize]}.
     *
     * @param inSpikes spike times in ms, {@code [channel][k]}
     * @return first spike times in ms, shape [outSize]
     */
    public double[] firstSpikeTimes(double[][] inSpikes) {
        return simulate(inSpikes).output().firstTimes(outSize(), options.outputNoSpikeValue());
    }

    /**
     * The last layer's state at the given times: {@code [neuron][time][channel]}. Right-continuous: the state at
     * {@code t} includes every input jump and reset at exactly {@code t}.
     *
     * @param inSpikes spike times in ms, {@code [channel][k]}
     * @param times sample times in ms, within {@code [0, maxSolverTime]}, any order
     * @return the states, shape [outSize][times.length][channels]
     */
    public double[][][] stateAt(double[][] inSpikes, double[] times) {
        return stateAt(inSpikes, times, layers.size() - 1);
    }

    /**
     * The state of layer {@code layer} (0 = first hidden layer, {@code layers().size() - 1} = output layer) at the
     * given times: {@code [neuron][time][channel]}, right-continuous as {@link #stateAt(double[][], double[])}.
     *
     * @param inSpikes spike times in ms, {@code [channel][k]}
     * @param times sample times in ms, within {@code [0, maxSolverTime]}, any order
     * @param layer    the layer index
     * @return the states, shape [layer size][times.length][channels]
     * @throws IllegalArgumentException for a layer index out of range or a time outside the window
     */
    public double[][][] stateAt(double[][] inSpikes, double[] times, int layer) {
        checkLayer(layer);
        return sampled(null, inputSpikes(inSpikes), times, layer);
    }

    /**
     * The state of layer {@code layer} at the given times for a sample already simulated by this network (its
     * {@code trace}, with the current parameters): only that layer is replayed. {@code [neuron][time][channel]},
     * right-continuous as {@link #stateAt(double[][], double[])}.
     *
     * @param trace the sample's trace, simulated by this network
     * @param times sample times in ms, within {@code [0, maxSolverTime]}, any order
     * @param layer the layer index
     * @return the states, shape [layer size][times.length][channels]
     */
    public double[][][] stateAt(Trace trace, double[] times, int layer) {
        checkLayer(layer);
        if (trace.layers().size() != layers.size()) {
            throw new IllegalArgumentException("trace has " + trace.layers().size() + " layers, network "
                    + layers.size());
        }
        return sampled(trace, null, times, layer);
    }

    private double[][][] sampled(Trace trace, Spikes input, double[] times, int layer) {
        double tEnd = options.maxSolverTime();
        for (double t : times) {
            if (!(t >= 0 && t <= tEnd)) {
                throw new IllegalArgumentException("sample time " + t + " ms is outside the simulation window [0, "
                        + tEnd + "]");
            }
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        // unique sorted sample times; map back afterwards
        int u = 0;
        for (int q = 0; q < sorted.length; q++) {
            if (q == 0 || sorted[q] != sorted[q - 1]) {
                sorted[u++] = sorted[q];
            }
        }
        double[] uniq = Arrays.copyOf(sorted, u);
        int nc = layerModels.get(layer).channelCount();
        int n = layers.get(layer).size();
        double[] flat = new double[n * u * nc];
        if (trace != null) {
            simulators.get().sample(trace, layers, layer, uniq, flat);
        } else {
            simulators.get().run(layers, input, uniq, flat, layer);
        }
        double[][][] out = new double[n][times.length][nc];
        for (int q = 0; q < times.length; q++) {
            int idx = Arrays.binarySearch(uniq, times[q]);
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, (i * u + idx) * nc, out[i][q], 0, nc);
            }
        }
        return out;
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist: the network has layers 0.."
                    + (layers.size() - 1) + " (0 = first hidden layer, " + (layers.size() - 1) + " = output)");
        }
    }

    /**
     * Number of spikes of each neuron of the output layer in {@code [0, t]} (ms): shape {@code [outSize]}.
     *
     * @param inSpikes spike times in ms, {@code [channel][k]}
     * @param t        end of the counted interval, ms
     * @return spike counts, shape [outSize]
     */
    public int[] spikesUntil(double[][] inSpikes, double t) {
        return spikesUntil(inSpikes, t, layers.size() - 1);
    }

    /**
     * Number of spikes of each neuron of layer {@code layer} (0 = first hidden layer) in {@code [0, t]} (ms): shape
     * {@code [layer size]}. A spike at exactly {@code t} counts.
     *
     * @param inSpikes spike times in ms, {@code [channel][k]}
     * @param t        end of the counted interval, ms
     * @param layer    the layer index
     * @return spike counts, shape [layer size]
     * @throws IllegalArgumentException for a layer out of range or {@code t} not a number
     */
    public int[] spikesUntil(double[][] inSpikes, double t, int layer) {
        checkLayer(layer);
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("spikesUntil: t is NaN");
        }
        return simulate(inSpikes).spikes(layer).countsUntil(layers.get(layer).size(), t);
    }

    // ------------------------------------------------------------------------------------------ batches

    /**
     * Simulates many samples in parallel; {@code result[b]} belongs to {@code inputs.get(b)}.
     *
     * @param inputs the samples' spike times in ms, each {@code [channel][k]}
     * @return one trace per sample, in order
     */
    public List<Trace> simulateBatch(List<double[][]> inputs) {
        Trace[] out = new Trace[inputs.size()];
        List<Spikes> converted = new ArrayList<>(inputs.size());
        for (double[][] in : inputs) {
            converted.add(inputSpikes(in));
        }
        forEachSample(out.length, sim -> b -> out[b] = sim.run(layers, converted.get(b), null, null));
        return Arrays.asList(out);
    }

    /**
     * Simulates many time-ordered inputs in parallel.
     *
     * @param inputs the samples' time-ordered input spikes
     * @return one trace per sample, in order
     */
    public List<Trace> simulateSpikesBatch(List<Spikes> inputs) {
        Trace[] out = new Trace[inputs.size()];
        forEachSample(out.length, sim -> b -> out[b] = sim.run(layers, checkInput(inputs.get(b)), null, null));
        return Arrays.asList(out);
    }

    /**
     * First spike times of many samples: {@code [batch][outSize]}.
     *
     * @param inputs the samples' spike times in ms, each {@code [channel][k]}
     * @return first spike times in ms, shape [inputs.size()][outSize]
     */
    public double[][] firstSpikeTimesBatch(List<double[][]> inputs) {
        List<Trace> traces = simulateBatch(inputs);
        double[][] out = new double[traces.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = traces.get(b).output().firstTimes(outSize(), options.outputNoSpikeValue());
        }
        return out;
    }

    /** Work on one sample, with a simulator owned by the calling thread. */
    private interface SampleTask {
        IntConsumer with(NetworkSimulator sim);
    }

    private void forEachSample(int n, SampleTask task) {
        if (n == 0) {
            return;
        }
        // several chunks per thread balance the load (a chunk costs ~0.1 us of overhead, a sample several us; results
        // are per sample, so the chunking never changes them)
        int chunks = threads == 1 ? 1 : Math.min(threads * 8, n);
        Parallel.forEach(chunks, threads, c -> {
            IntConsumer work = task.with(simulators.get());
            int from = (int) ((long) c * n / chunks);
            int to = (int) ((long) (c + 1) * n / chunks);
            for (int b = from; b < to; b++) {
                work.accept(b);
            }
        });
    }

    // ------------------------------------------------------------------------------------------ ND4J API

    private static double[][] toMatrix(INDArray a, String what) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException(what + ": expected a 2-d array [channels, spikes], got shape "
                    + Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double[] toVector(INDArray a, String what) {
        if (a.rank() > 1 && a.length() != Math.max(a.rows(), a.columns())) {
            throw new IllegalArgumentException(what + ": expected a 1-d array, got shape "
                    + Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /**
     * {@link #simulate(double[][])} for an input of shape {@code [inSize, K]}.
     *
     * @param inSpikes spike times in ms, shape [inSize, K], {@code +inf} padding
     * @return the spikes of every layer
     */
    public Trace simulate(INDArray inSpikes) {
        return simulate(toMatrix(inSpikes, "input spikes"));
    }

    /**
     * The last layer's state, shape {@code [outSize, times, channels]} (see {@link #stateAt(double[][], double[])}).
     *
     * @param inSpikes spike times in ms, shape [inSize, K]
     * @param times    sample times in ms, a vector
     * @return the states, shape [outSize, times, channels]
     */
    public INDArray stateAt(INDArray inSpikes, INDArray times) {
        return stateAt(inSpikes, times, layers.size() - 1);
    }

    /**
     * The state of layer {@code layer}, shape {@code [layer size, times, channels]} (see
     * {@link #stateAt(double[][], double[], int)}).
     *
     * @param inSpikes spike times in ms, shape [inSize, K]
     * @param times    sample times in ms, a vector
     * @param layer    the layer index
     * @return the states, shape [layer size, times, channels]
     */
    public INDArray stateAt(INDArray inSpikes, INDArray times, int layer) {
        double[][][] s = stateAt(toMatrix(inSpikes, "input spikes"), toVector(times, "times"), layer);
        int n = s.length;
        int nt = n == 0 ? 0 : s[0].length;
        int nc = layerModels.get(layer).channelCount();
        double[] flat = new double[n * nt * nc];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < nt; q++) {
                System.arraycopy(s[i][q], 0, flat, (i * nt + q) * nc, nc);
            }
        }
        return Nd4j.create(flat, new long[] {n, nt, nc}, DataType.DOUBLE);
    }

    /**
     * First output spike times, shape {@code [outSize]}, {@code outputNoSpikeValue} where silent.
     *
     * @param inSpikes spike times in ms, shape [inSize, K]
     * @return first spike times in ms, shape [outSize]
     */
    public INDArray firstSpikeTimes(INDArray inSpikes) {
        return Nd4j.createFromArray(firstSpikeTimes(toMatrix(inSpikes, "input spikes")));
    }

    /**
     * All spike times of every layer: one array per layer of shape {@code [neurons, maxSpikes]}, each row sorted and
     * padded with {@code +inf} (the seed's convention).
     *
     * @param inSpikes spike times in ms, shape [inSize, K]
     * @return one array per layer, spike times in ms, shape [neurons, max(1, most spikes of a neuron)]
     */
    public List<INDArray> spikeTimes(INDArray inSpikes) {
        Trace tr = simulate(inSpikes);
        List<INDArray> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            double[][] per = tr.spikes(l).perSource(layers.get(l).size());
            int width = 0;
            for (double[] r : per) {
                width = Math.max(width, r.length);
            }
            double[][] padded = new double[per.length][Math.max(width, 1)];
            for (int i = 0; i < per.length; i++) {
                Arrays.fill(padded[i], Double.POSITIVE_INFINITY);
                System.arraycopy(per[i], 0, padded[i], 0, per[i].length);
            }
            out.add(Nd4j.createFromArray(padded));
        }
        return out;
    }

    /**
     * First output spike times for a batch of shape {@code [batch, inSize, K]}; result {@code [batch, outSize]}.
     *
     * @param inSpikes spike times in ms, shape [batch, inSize, K]
     * @return first spike times in ms, shape [batch, outSize]
     */
    public INDArray firstSpikeTimesBatch(INDArray inSpikes) {
        if (inSpikes.rank() != 3) {
            throw new IllegalArgumentException("batch input spikes: expected shape [batch, inSize, K], got "
                    + Arrays.toString(inSpikes.shape()));
        }
        double[][][] all = new double[(int) inSpikes.size(0)][][];
        INDArray d = inSpikes.castTo(DataType.DOUBLE);
        for (int b = 0; b < all.length; b++) {
            all[b] = d.slice(b).toDoubleMatrix();
        }
        return Nd4j.createFromArray(firstSpikeTimesBatch(Arrays.asList(all)));
    }

    // ------------------------------------------------------------------------------------------ builder

    /**
     * Builds an {@link FFEvNN} from layer sizes and the seed's keyword arguments. Weights are drawn uniformly from
     * {@code [wmean - wlim/2, wmean + wlim/2]} with a generator seeded by {@link #seed(long)}; neuron parameters
     * are the model's defaults unless set (a scalar for every neuron, or per neuron of one layer).
     */
    public static final class Builder {
        private final NeuronModel model;
        private int[] sizes;
        private int inSize = -1;
        private double maxSolverTime = Double.NaN;
        private long seed;
        private double solverStepsize = SimOptions.DEFAULT_SOLVER_STEPSIZE;
        private int maxEventSteps = SimOptions.DEFAULT_MAX_EVENT_STEPS;
        private double noSpike = Double.POSITIVE_INFINITY;
        private double tolerance = SimOptions.DEFAULT_TOLERANCE;
        private double wlim = 2.0;
        private double wmean = 0.0;
        private final Map<Integer, double[]> gaussian = new HashMap<>();
        private int threads = Runtime.getRuntime().availableProcessors();
        private final Map<String, Double> scalarParams = new LinkedHashMap<>();
        private final Map<String, Map<Integer, double[]>> layerParams = new HashMap<>();
        private final Map<Integer, NeuronModel> layerModel = new HashMap<>();

        private Builder(NeuronModel model) {
            this.model = model;
        }

        /**
         * Layer {@code layer} (0 = first hidden layer) runs {@code m} instead of the builder's model, e.g.
         * {@code layerModel(1, new LI())} for a non-spiking readout. Scalar parameters set with {@link #param(String,
         * double)} apply to every layer whose model has them; the others keep their model's defaults.
         *
         * @param layer the layer index
         * @param m     its model
         * @return this builder
         */
        public Builder layerModel(int layer, NeuronModel m) {
            layerModel.put(layer, java.util.Objects.requireNonNull(m, "model"));
            return this;
        }

        private NeuronModel modelOf(int layer) {
            return layerModel.getOrDefault(layer, model);
        }

        /**
         * Layer sizes, first hidden layer to output layer.
         *
         * @param layerSizes number of neurons per layer
         * @return this builder
         */
        public Builder layers(int... layerSizes) {
            this.sizes = layerSizes.clone();
            return this;
        }

        /**
         * Number of input channels.
         *
         * @param n number of input channels
         * @return this builder
         */
        public Builder inSize(int n) {
            this.inSize = n;
            return this;
        }

        /**
         * End of the simulation window, ms (required).
         *
         * @param t the window end, ms
         * @return this builder
         */
        public Builder maxSolverTime(double t) {
            this.maxSolverTime = t;
            return this;
        }

        /**
         * Seed of the weight initialisation (the seed library's {@code key}).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Event-check interval for numerically integrated models, ms (the spike condition is checked on the dense
         * output at most this far apart; the integrator steps adapt to the tolerance).
         *
         * @param s the interval, ms
         * @return this builder
         */
        public Builder solverStepsize(double s) {
            this.solverStepsize = s;
            return this;
        }

        /**
         * Event cap per sample.
         *
         * @param n the cap
         * @return this builder
         */
        public Builder maxEventSteps(int n) {
            this.maxEventSteps = n;
            return this;
        }

        /**
         * First-spike time reported for silent outputs (default {@code +inf}).
         *
         * @param v the value, ms
         * @return this builder
         */
        public Builder outputNoSpikeValue(double v) {
            this.noSpike = v;
            return this;
        }

        /**
         * Integrator tolerance for numerically integrated models (default 1e-12).
         *
         * @param tol the tolerance
         * @return this builder
         */
        public Builder tolerance(double tol) {
            this.tolerance = tol;
            return this;
        }

        /**
         * Width of the uniform weight distribution.
         *
         * @param v the width
         * @return this builder
         */
        public Builder wlim(double v) {
            this.wlim = v;
            return this;
        }

        /**
         * Draws layer {@code layer}'s weights from a normal distribution {@code N(mean, sd^2)} instead of the uniform
         * one (e.g. the Wunderlich &amp; Pehle Yin-Yang setup: hidden N(1.5, 0.78), output N(0.93, 0.1)).
         *
         * @param layer the layer index
         * @param mean  the mean
         * @param sd    the standard deviation ({@code >= 0})
         * @return this builder
         */
        public Builder gaussianWeights(int layer, double mean, double sd) {
            if (!Double.isFinite(mean) || !(sd >= 0) || !Double.isFinite(sd)) {
                throw new IllegalArgumentException("gaussianWeights: need finite mean and sd >= 0, got " + mean
                        + ", " + sd);
            }
            gaussian.put(layer, new double[] {mean, sd});
            return this;
        }

        /**
         * Centre of the uniform weight distribution.
         *
         * @param v the centre
         * @return this builder
         */
        public Builder wmean(double v) {
            this.wmean = v;
            return this;
        }

        /**
         * Threads for batch simulation (default: available processors).
         *
         * @param n the number of threads
         * @return this builder
         */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * Sets model parameter {@code name} for every neuron.
         *
         * @param name  the parameter's name
         * @param value its value
         * @return this builder
         */
        public Builder param(String name, double value) {
            requireParam(name);
            scalarParams.put(name, value);
            return this;
        }

        /**
         * Sets model parameter {@code name} per neuron of layer {@code layer}.
         *
         * @param name      the parameter's name
         * @param layer     the layer index
         * @param perNeuron one value per neuron of that layer (copied)
         * @return this builder
         */
        public Builder param(String name, int layer, double[] perNeuron) {
            requireParam(name);
            layerParams.computeIfAbsent(name, k -> new HashMap<>()).put(layer, perNeuron.clone());
            return this;
        }

        private void requireParam(String name) {
            if (model.paramIndex(name) < 0 && layerModel.values().stream().allMatch(m -> m.paramIndex(name) < 0)) {
                throw new IllegalArgumentException("model " + model.name() + " has no parameter " + name
                        + "; its parameters are " + model.params().stream().map(ParamSpec::name).toList());
            }
        }

        /**
         * Threshold ({@code thresh}).
         *
         * @param v the threshold
         * @return this builder
         */
        public Builder thresh(double v) {
            return param("thresh", v);
        }

        /**
         * Synaptic time constant ({@code tau_syn}), ms.
         *
         * @param v {@code tau_syn}, ms
         * @return this builder
         */
        public Builder tsyn(double v) {
            return param("tau_syn", v);
        }

        /**
         * Membrane time constant ({@code tau_mem}), ms.
         *
         * @param v {@code tau_mem}, ms
         * @return this builder
         */
        public Builder tmem(double v) {
            return param("tau_mem", v);
        }

        /**
         * Initial bias ({@code bias}).
         *
         * @param v the bias
         * @return this builder
         */
        public Builder initBias(double v) {
            return param("bias", v);
        }

        /** A standard normal draw (Box-Muller on two uniforms; reproducible from the seed). */
        private static double normal(SplittableRandom rng) {
            double u = 1.0 - rng.nextDouble();
            double v = rng.nextDouble();
            return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
        }

        /**
         * Builds the network: draws the weights and fills in the parameters.
         *
         * @return the network
         */
        public FFEvNN build() {
            if (sizes == null || sizes.length == 0) {
                throw new IllegalArgumentException("layers: give at least one layer size");
            }
            if (inSize <= 0) {
                throw new IllegalArgumentException("inSize must be positive, got " + inSize);
            }
            if (!(wlim >= 0) || !Double.isFinite(wlim) || !Double.isFinite(wmean)) {
                throw new IllegalArgumentException("wlim must be finite and >= 0 and wmean finite, got wlim "
                        + wlim + ", wmean " + wmean);
            }
            SimOptions opts = new SimOptions(maxSolverTime, solverStepsize, maxEventSteps, noSpike, tolerance);
            SplittableRandom rng = new SplittableRandom(seed);
            List<Layer> ls = new ArrayList<>();
            List<NeuronModel> models = new ArrayList<>();
            int fan = inSize;
            for (int l : layerModel.keySet()) {
                if (l < 0 || l >= sizes.length) {
                    throw new IllegalArgumentException("layerModel: no layer " + l);
                }
            }
            for (int l = 0; l < sizes.length; l++) {
                List<ParamSpec> specs = modelOf(l).params();
                models.add(modelOf(l));
                int n = sizes[l];
                if (n <= 0) {
                    throw new IllegalArgumentException("layer " + l + " size must be positive, got " + n);
                }
                double[] w = new double[fan * n];
                double[] g = gaussian.get(l);
                for (int q = 0; q < w.length; q++) {
                    w[q] = g == null ? wmean + wlim * (rng.nextDouble() - 0.5) : g[0] + g[1] * normal(rng);
                }
                double[][] p = new double[specs.size()][n];
                for (int k = 0; k < specs.size(); k++) {
                    String name = specs.get(k).name();
                    Arrays.fill(p[k], scalarParams.getOrDefault(name, specs.get(k).defaultValue()));
                    double[] per = layerParams.getOrDefault(name, Map.of()).get(l);
                    if (per != null) {
                        if (per.length != n) {
                            throw new IllegalArgumentException(name + " for layer " + l + ": expected " + n
                                    + " values, got " + per.length);
                        }
                        p[k] = per.clone();
                    }
                }
                ls.add(new Layer(fan, n, w, p));
                fan = n;
            }
            for (int l : gaussian.keySet()) {
                if (l < 0 || l >= sizes.length) {
                    throw new IllegalArgumentException("gaussianWeights: no layer " + l);
                }
            }
            for (String name : layerParams.keySet()) {
                for (int l : layerParams.get(name).keySet()) {
                    if (l < 0 || l >= sizes.length) {
                        throw new IllegalArgumentException(name + ": no layer " + l);
                    }
                    if (modelOf(l).paramIndex(name) < 0) {
                        throw new IllegalArgumentException(name + ": the model of layer " + l + " ("
                                + modelOf(l).name() + ") has no such parameter");
                    }
                }
            }
            return new FFEvNN(models, inSize, ls, opts, threads);
        }
    }
}
