package org.eventprop4j.optim;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.autodiff.LayerGradient;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Base of the optimisers built on an ND4J {@link GradientUpdater}. Per step it gathers the gradients of all trained
 * parameters into one preallocated flat DOUBLE vector (through a zero-copy {@link DoubleBuffer} view of its memory),
 * calls {@code applyUpdater(vector, iteration, epoch)} once (ND4J turns the gradient into the update in place, using
 * the learning rate of the {@link LrSchedule}), and scatters {@code p -= multiplier * update} back into the live
 * parameter arrays, then clamps model parameters with the {@link ParamClamp}. So ND4J is called once per optimisation
 * step, never per parameter or per event.
 *
 * <p>Per-group learning-rate multipliers are applied to the update. That equals a per-group learning rate exactly
 * for SGD and Adam (the update is linear in the learning rate, and Adam's moments do not depend on it), and for
 * Nesterov momentum as long as the multipliers stay constant (the velocity is linear in the learning rate).
 *
 * <p>Layout of the flat vector: layer by layer (first to last); within a layer the weights
 * {@code [pre * size + post]} if trained, then the trained model parameters in the order of the model's
 * {@code params()}, each {@code [neuron]}. The layout is bound at the first step.
 */
public abstract class Nd4jOptimizer implements Optimizer {
    private static final double FORMAT = 1.0;
    private static final int HEADER = 5;

    private LrSchedule schedule;
    private ParamGroups groups = ParamGroups.weightsOnly();
    private ParamClamp clamp = ParamClamp.standard();

    private int iteration;
    private int epoch;
    private long clamped;

    // bound state
    private List<Segment> layout;
    private int[][] shape;          // per layer: fanIn, size, nParams
    private int n;
    private IUpdater config;
    private GradientUpdater<?> updater;
    private INDArray grad;
    private DoubleBuffer gradView;
    private double[] update = new double[0];  // scratch: one segment of the update, copied out in bulk
    private INDArray state;
    private DoubleBuffer stateView;
    private int stateSize;
    private double[] pending;       // imported before binding

    /** One contiguous run of the flat vector: weights ({@code param < 0}) or model parameter {@code param} of a layer. */
    private record Segment(int layer, int param, int offset, int length, double multiplier, ParamSpec spec) {
    }

    /**
     * An optimiser with learning-rate schedule {@code schedule}, training the weights only, with
     * {@link ParamClamp#standard()}.
     *
     * @param schedule the learning-rate schedule
     */
    protected Nd4jOptimizer(LrSchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * The ND4J updater configuration with {@code lr} as its learning-rate schedule.
     *
     * @param lr the learning-rate schedule
     * @return the updater configuration
     */
    protected abstract IUpdater createConfig(ISchedule lr);

    /**
     * A number identifying the optimiser kind in exported states.
     *
     * @return the kind code
     */
    protected abstract int kindCode();

    /**
     * Trains these groups (default {@link ParamGroups#weightsOnly()}). Only before the first step.
     *
     * @param g the parameter groups to train
     * @return this
     */
    public Nd4jOptimizer withGroups(ParamGroups g) {
        requireUnbound();
        this.groups = g;
        return this;
    }

    /**
     * Uses this learning-rate schedule. Only before the first step.
     *
     * @param s the learning-rate schedule
     * @return this
     */
    public Nd4jOptimizer withSchedule(LrSchedule s) {
        requireUnbound();
        this.schedule = s;
        return this;
    }

    /**
     * Uses this clamp for model parameters (default {@link ParamClamp#standard()}).
     *
     * @param c the clamp
     * @return this
     */
    public Nd4jOptimizer withClamp(ParamClamp c) {
        this.clamp = c;
        return this;
    }

    private void requireUnbound() {
        if (layout != null) {
            throw new IllegalStateException("the optimiser is already bound to a network: configure it before the "
                    + "first step");
        }
    }

    public ParamGroups groups() {
        return groups;
    }

    /**
     * The learning-rate schedule.
     *
     * @return the schedule
     */
    public LrSchedule schedule() {
        return schedule;
    }

    /**
     * Number of parameter values moved back into their valid range so far.
     *
     * @return the number of clamped values
     */
    public long clampedCount() {
        return clamped;
    }

    /**
     * Number of trained scalars (0 before the first step).
     *
     * @return the number of trained scalars
     */
    public int trainedCount() {
        return n;
    }

    @Override
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int iteration() {
        return iteration;
    }

    @Override
    public double learningRate() {
        return schedule.valueAt(iteration, epoch);
    }

    private void bind(FFEvNN net) {
        groups.check(net.models());
        List<Segment> segs = new ArrayList<>();
        List<Layer> layers = net.layers();
        shape = new int[layers.size()][];
        int off = 0;
        for (int l = 0; l < layers.size(); l++) {
            NeuronModel model = net.model(l);
            int nParams = model.params().size();
            Layer layer = layers.get(l);
            shape[l] = new int[]{layer.fanIn(), layer.size(), nParams};
            if (groups.layerFrozen(l)) {
                continue;
            }
            if (groups.trains(ParamGroups.WEIGHTS)) {
                int len = layer.weights().length;
                segs.add(new Segment(l, -1, off, len, groups.multiplier(ParamGroups.WEIGHTS), null));
                off += len;
            }
            for (int k = 0; k < nParams; k++) {
                ParamSpec spec = model.params().get(k);
                if (groups.trains(spec.name()) && spec.trainable()) {
                    segs.add(new Segment(l, k, off, layer.size(), groups.multiplier(spec.name()), spec));
                    off += layer.size();
                }
            }
        }
        layout = List.copyOf(segs);
        n = off;
        config = createConfig(schedule.toNd4j());
        stateSize = (int) config.stateSize(n);
        if (n > 0) {
            grad = Nd4j.zeros(DataType.DOUBLE, 1, n);
            gradView = grad.data().asNioDouble();
            if (stateSize > 0) {
                state = Nd4j.zeros(DataType.DOUBLE, 1, stateSize);
                stateView = state.data().asNioDouble();
            }
            updater = config.instantiate(state, true);
            // instantiate(view, true) may reinitialise the view: zero it explicitly, then load an imported state
            zeroState();
        }
        if (pending != null) {
            double[] p = pending;
            pending = null;
            // the counters were restored at import time and may have moved since (setEpoch): load the moments only
            loadState(p, false);
        }
    }

    private void checkShape(FFEvNN net, Gradients g) {
        List<Layer> layers = net.layers();
        boolean ok = layers.size() == shape.length && g.layers().size() == shape.length;
        for (int l = 0; ok && l < layers.size(); l++) {
            Layer layer = layers.get(l);
            LayerGradient lg = g.layer(l);
            ok = layer.fanIn() == shape[l][0] && layer.size() == shape[l][1]
                    && net.model(l).params().size() == shape[l][2] && lg.fanIn() == shape[l][0]
                    && lg.size() == shape[l][1] && lg.params().length == shape[l][2];
        }
        if (!ok) {
            throw new IllegalArgumentException("network or gradients do not match the layout this optimiser is bound "
                    + "to (layers fanIn/size/params " + Arrays.deepToString(shape) + ")");
        }
    }

    @Override
    public void prepare(FFEvNN net) {
        if (layout == null) {
            bind(net);
        }
    }

    @Override
    public void step(FFEvNN net, Gradients g) {
        if (layout == null) {
            bind(net);
        }
        checkShape(net, g);
        if (n == 0) {
            iteration++;
            return;
        }
        // gather (and check before anything changes)
        for (Segment s : layout) {
            LayerGradient lg = g.layer(s.layer());
            double[] src = s.param() < 0 ? lg.weights() : lg.params()[s.param()];
            for (int i = 0; i < s.length(); i++) {
                if (!Double.isFinite(src[i])) {
                    throw new IllegalArgumentException("gradient of " + describe(s, i) + " is " + src[i]
                            + "; no parameter was changed");
                }
            }
            gradView.put(s.offset(), src, 0, s.length());
        }
        updater.applyUpdater(grad, iteration, epoch);
        // scatter: p -= multiplier * update, then clamp model parameters
        for (Segment s : layout) {
            Layer layer = net.layers().get(s.layer());
            double[] dst = s.param() < 0 ? layer.weights() : layer.params()[s.param()];
            double m = s.multiplier();
            int len = s.length();
            if (update.length < len) {
                update = new double[len];
            }
            final double[] u = update;
            gradView.get(s.offset(), u, 0, len);    // one bulk copy out of ND4J's memory, then a plain loop
            if (m == 1.0) {
                for (int i = 0; i < len; i++) {
                    dst[i] -= u[i];
                }
            } else {
                for (int i = 0; i < len; i++) {
                    dst[i] -= m * u[i];
                }
            }
            if (s.spec() != null) {
                clamped += clamp.apply(s.spec(), dst, 0, s.length());
            }
        }
        iteration++;
    }

    private static String describe(Segment s, int i) {
        return s.param() < 0 ? "layer " + s.layer() + " weight #" + i
                : "layer " + s.layer() + " " + s.spec().name() + " of neuron " + i;
    }

    private void zeroState() {
        for (int i = 0; i < stateSize; i++) {
            stateView.put(i, 0.0);
        }
    }

    @Override
    public void reset() {
        if (stateView != null) {
            zeroState();
        }
        iteration = 0;
        epoch = 0;
        pending = null;
    }

    /**
     * Layout: {@code [format 1, kindCode, iteration, epoch, n, updater state...]} where {@code n} is the number of
     * trained scalars and the updater state is ND4J's state view (Adam: {@code [m | v]}, Nesterov: {@code [v]},
     * SGD: empty).
     */
    @Override
    public double[] exportState() {
        if (layout == null && pending != null) {
            return pending.clone();
        }
        double[] out = new double[HEADER + stateSize];
        out[0] = FORMAT;
        out[1] = kindCode();
        out[2] = iteration;
        out[3] = epoch;
        out[4] = n;
        for (int i = 0; i < stateSize; i++) {
            out[HEADER + i] = stateView.get(i);
        }
        return out;
    }

    @Override
    public void importState(double[] s) {
        if (s.length < HEADER || s[0] != FORMAT || s[1] != kindCode()) {
            throw new IllegalArgumentException("not a state of this optimiser kind (expected format " + FORMAT
                    + ", kind " + kindCode() + ")");
        }
        if (layout == null) {
            pending = s.clone();
            iteration = (int) s[2];
            epoch = (int) s[3];
            return;
        }
        loadState(s, true);
    }

    private void loadState(double[] s, boolean counters) {
        if ((int) s[4] != n || s.length != HEADER + stateSize) {
            throw new IllegalArgumentException("state is for " + (int) s[4] + " trained parameters ("
                    + (s.length - HEADER) + " state values); this optimiser trains " + n + " (" + stateSize + ")");
        }
        if (counters) {
            iteration = (int) s[2];
            epoch = (int) s[3];
        }
        for (int i = 0; i < stateSize; i++) {
            stateView.put(i, s[HEADER + i]);
        }
    }
}
