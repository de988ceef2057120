package org.eventprop4j.core.sim;

import java.util.Arrays;

import org.eventprop4j.core.model.ClosedForm;
import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.ode.DenseTrajectory;

/**
 * Simulates one neuron of a feed-forward layer over {@code [0, T]} given the layer's input spikes: flows the state
 * between events (closed form or numerical), applies every input jump at its exact time (simultaneous inputs
 * together), detects the neuron's own spikes and resets it; and replays a simulated neuron to sample its state.
 *
 * <p>Not thread-safe: use one per thread.
 */
public final class NeuronSimulator {

    private final NeuronModel model;
    private final ClosedForm cf;
    private final ModelEvaluator ev;
    private final Flow flow;
    private final double tEnd;
    private final double[] y;

    /**
     * A simulator for neurons of {@code model}: in closed form if the model has one, else integrated numerically.
     *
     * @param model the neuron model
     * @param opts  the simulation settings (the window end {@code T} and the numerical integrator's settings)
     */
    public NeuronSimulator(NeuronModel model, SimOptions opts) {
        this.model = model;
        this.cf = model.closedForm();
        this.ev = cf == null ? model.newEvaluator() : null;
        this.flow = cf != null ? new ExactFlow(cf) : new NumericFlow(model, opts);
        this.tEnd = opts.maxSolverTime();
        this.y = new double[model.channelCount()];
    }

    /** Receives the spikes of the neuron being simulated. */
    public interface SpikeSink {
        /**
         * A spike at {@code t} ms; {@code preState} is the state just before the reset (do not keep the array).
         *
         * @param t        the spike time, ms
         * @param preState the state just before the reset, length C
         */
        void spike(double t, double[] preState);
    }

    /**
     * @param p      this neuron's parameters
     * @param in     the layer's input spikes, all at times in {@code [0, T]}
     * @param w      the layer's weights, {@code w[pre * stride + neuron]}
     * @param stride the layer size
     * @param neuron this neuron's index in the layer
     * @param sink   receives the spikes
     * @param budget event counter of the sample
     * @param layer  layer index, for messages
     */
    void run(double[] p, Spikes in, double[] w, int stride, int neuron, SpikeSink sink, EventBudget budget,
             int layer) {
        flow.beginNeuron(budget, layer, neuron);
        init(p, y);
        double t = 0.0;
        if (condition(p) >= 0.0) {
            throw new SimulationException("model " + model.name() + ": the initial state " + Arrays.toString(y)
                    + " is at or above threshold (layer " + layer + ", neuron " + neuron + ")");
        }
        final double[] times = in.times();
        final int[] src = in.sources();
        final int nIn = times.length;
        int k = 0;
        while (true) {
            double stop = k < nIn ? times[k] : tEnd;
            // flow to 'stop', emitting every spike on the way; after the last input, a neuron that provably cannot
            // reach its threshold any more is not integrated further
            while (true) {
                if (k >= nIn && cf == null && model.provablySilent(y, p, tEnd - t)) {
                    return;
                }
                double s = flow.advance(y, p, stop - t);
                if (Double.isNaN(s)) {
                    break;
                }
                t = Math.min(t + s, stop);
                emit(t, p, sink, budget, layer, neuron);
            }
            t = stop;
            int k2 = applyInputs(y, p, times, src, k, stop, w, stride, neuron);
            if (k2 > k && condition(p) >= 0.0) {
                emit(t, p, sink, budget, layer, neuron);
            }
            k = k2;
            if (k >= nIn && stop >= tEnd) {
                return;
            }
        }
    }

    /**
     * Receives the events of a replayed neuron in time order. Arrays are scratch: copy what you keep.
     */
    public interface ReplayListener {
        /**
         * Input spike {@code k} of the layer's input list arrived at {@code t}: state before and after its jump.
         *
         * @param k    the index of the spike in the layer's input list
         * @param t    its time, ms
         * @param pre  the state just before the jump
         * @param post the state just after the jump
         */
        default void input(int k, double t, double[] pre, double[] post) {
        }

        /**
         * The neuron's own spike {@code o} at {@code t}: state before and after the reset.
         *
         * @param o    the index of the spike among the neuron's own spikes
         * @param t    its time, ms
         * @param pre  the state just before the reset
         * @param post the state just after the reset
         */
        default void spike(int o, double t, double[] pre, double[] post) {
        }

        /**
         * Sample {@code q} at {@code t} (right-continuous: after every event at {@code t}).
         *
         * @param q     the index of the sample time
         * @param t     the sample time, ms
         * @param state the state at {@code t}, length C
         */
        default void sample(int q, double t, double[] state) {
        }

        /**
         * With {@link #recordDense} on and a numerically integrated model: the dense output of the flow from
         * {@code from} to {@code to} is steps {@code [stepFrom, stepTo)} of {@code trajectory} (in the segment's local
         * time {@code 0 .. to - from}), reported before the events at {@code to}. The trajectory holds every segment of
         * the replayed neuron.
         *
         * @param from       the segment's start time, ms
         * @param to         the segment's end time, ms
         * @param trajectory the dense output of the replayed neuron's flow so far
         * @param stepFrom   the segment's first step in {@code trajectory}
         * @param stepTo     the end of the segment's steps (exclusive)
         */
        default void segment(double from, double to, DenseTrajectory trajectory, int stepFrom, int stepTo) {
        }
    }

    /**
     * Whether {@link #replay} reports the dense output of every flow segment to {@link ReplayListener#segment}
     * (numerically integrated models only), so that a backward pass need not integrate the same segments again.
     *
     * @param on whether to record and report the dense output
     */
    public void recordDense(boolean on) {
        flow.recordDense(on);
    }

    /**
     * Replays a neuron whose spike times are known (from {@link #run}): flows between events without searching for
     * crossings, resets at the known spike times, applies the input jumps, and reports every event with the states
     * around it, so that sampled states and backward passes agree exactly with the spikes the simulation reported.
     * When a spike and an input coincide, the reset comes first unless the jump itself triggered the spike (as in
     * {@link #run}). Samples at time {@code t} come after every event at {@code t}.
     *
     * @param p        this neuron's parameters, in the order of {@link NeuronModel#params()}
     * @param in       the layer's input spikes, all at times in {@code [0, T]}
     * @param w        the layer's weights, {@code w[pre * stride + neuron]}
     * @param stride   the layer size
     * @param neuron   this neuron's index in the layer
     * @param own      this neuron's spike times, sorted
     * @param samples  sorted sample times in {@code [0, T]}, or null
     * @param listener receives the events and samples
     */
    public void replay(double[] p, Spikes in, double[] w, int stride, int neuron, double[] own, double[] samples,
                ReplayListener listener) {
        replay(p, in, w, stride, neuron, own, samples, Double.POSITIVE_INFINITY, listener);
    }

    /**
     * As {@link #replay(double[], Spikes, double[], int, int, double[], double[], ReplayListener)}, but stops after
     * the events at time {@code until} (a backward pass needs nothing after the last event that carries an error).
     *
     * @param p        this neuron's parameters, in the order of {@link NeuronModel#params()}
     * @param in       the layer's input spikes, all at times in {@code [0, T]}
     * @param w        the layer's weights, {@code w[pre * stride + neuron]}
     * @param stride   the layer size
     * @param neuron   this neuron's index in the layer
     * @param own      this neuron's spike times, sorted
     * @param samples  sorted sample times in {@code [0, T]}, or null
     * @param until    the last time whose events and samples are reported, ms ({@code +inf} for all)
     * @param listener receives the events and samples
     */
    public void replay(double[] p, Spikes in, double[] w, int stride, int neuron, double[] own, double[] samples,
                       double until, ReplayListener listener) {
        final int nc = y.length;
        flow.beginNeuron(null, -1, neuron);
        init(p, y);
        final double[] times = in.times();
        final int[] src = in.sources();
        final int nIn = times.length;
        final int nS = samples == null ? 0 : samples.length;
        final double[] pre = new double[nc];
        final double[] trial = new double[nc];
        double t = 0.0;
        int k = 0;
        int o = 0;
        int q = 0;
        while (true) {
            double nextIn = k < nIn ? times[k] : Double.POSITIVE_INFINITY;
            double nextOwn = o < own.length ? own[o] : Double.POSITIVE_INFINITY;
            double nextSample = q < nS ? samples[q] : Double.POSITIVE_INFINITY;
            double stop = Math.min(Math.min(nextIn, nextOwn), nextSample);
            if (stop == Double.POSITIVE_INFINITY || stop > until) {
                return;
            }
            DenseTrajectory traj = flow.trajectory();
            int stepFrom = traj == null ? 0 : traj.size();
            flow.flowOnly(y, p, stop - t);
            if (traj != null) {
                listener.segment(t, stop, traj, stepFrom, traj.size());
            }
            t = stop;
            boolean spike = nextOwn == stop;
            boolean triggered = false;
            if (spike && nextIn == stop) {
                System.arraycopy(y, 0, trial, 0, nc);
                applyInputs(trial, p, times, src, k, stop, w, stride, neuron);
                triggered = condition(trial, p) >= 0.0;
            }
            if (spike && !triggered) {
                System.arraycopy(y, 0, pre, 0, nc);
                reset(y, p);
                listener.spike(o++, stop, pre, y);
            }
            while (k < nIn && times[k] == stop) {
                System.arraycopy(y, 0, pre, 0, nc);
                jump(y, p, w[src[k] * stride + neuron]);
                listener.input(k++, stop, pre, y);
            }
            if (triggered) {
                System.arraycopy(y, 0, pre, 0, nc);
                reset(y, p);
                listener.spike(o++, stop, pre, y);
            }
            while (q < nS && samples[q] == stop) {
                listener.sample(q++, stop, y);
            }
        }
    }

    private int applyInputs(double[] state, double[] p, double[] times, int[] src, int k, double at, double[] w,
                            int stride, int neuron) {
        while (k < times.length && times[k] == at) {
            jump(state, p, w[src[k] * stride + neuron]);
            k++;
        }
        return k;
    }

    private void init(double[] p, double[] state) {
        if (cf != null) {
            model.initState(p, state);
        } else {
            ev.init(p, state);
        }
    }

    private void jump(double[] state, double[] p, double w) {
        if (cf != null) {
            cf.inputSpike(state, w, p);
        } else {
            ev.input(state, w, p, state);
        }
    }

    private void reset(double[] state, double[] p) {
        if (cf != null) {
            cf.resetSpiked(state, p);
        } else {
            ev.reset(state, p, state);
        }
    }

    private double condition(double[] state, double[] p) {
        return cf != null ? cf.spikeCondition(state, p) : ev.condition(state, p);
    }

    private double condition(double[] p) {
        return condition(y, p);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Pieces for LayerFlow, which integrates a whole layer in lockstep and hands single neurons to this simulator.

    /** Fails if the initial state {@code ys} is at or above threshold (the message of {@link #run}). */
    void checkInitial(double[] ys, double[] p, int layer, int neuron) {
        if (condition(ys, p) >= 0.0) {
            throw new SimulationException("model " + model.name() + ": the initial state " + Arrays.toString(ys)
                    + " is at or above threshold (layer " + layer + ", neuron " + neuron + ")");
        }
    }

    /**
     * Integrates one neuron alone from state {@code ys} (in place) at time {@code t0} over {@code gap} ms without
     * input, emitting every spike on the way (as {@link #run} does between two inputs). {@code hFirst}: the first step
     * to try (e.g. the lockstep step the neuron redoes alone, which suits it up to its spike), or NaN for the flow's
     * own guess.
     */
    void runSegment(double[] ys, double[] p, double t0, double gap, double hFirst, SpikeSink sink, EventBudget budget,
                    int layer, int neuron) {
        System.arraycopy(ys, 0, y, 0, y.length);
        flow.beginNeuron(budget, layer, neuron);
        flow.suggestStep(hFirst);
        double t = 0.0;
        while (true) {
            double s = flow.advance(y, p, gap - t);
            if (Double.isNaN(s)) {
                break;
            }
            t = Math.min(t + s, gap);
            emit(t0 + t, p, sink, budget, layer, neuron);
        }
        System.arraycopy(y, 0, ys, 0, y.length);
    }

    /**
     * A neuron whose threshold check fired inside a lockstep step {@code [t0, t0 + h]} (condition {@code ga < 0} at
     * fraction {@code a}, {@code gb >= 0} at fraction {@code b} of the step's dense output {@code coef}, in
     * {@link org.eventprop4j.core.ode.Dopri5#dense} layout): locates and polishes the crossing on that step (as
     * {@link #run} does on its own steps), emits the spike, resets, and integrates the rest of the step alone (with
     * further spikes). {@code ys}: the state at {@code t0} in, at {@code t0 + h} out.
     */
    void crossInStep(double[] ys, double[] p, double t0, double h, double[] coef, double a, double ga, double b,
                     double gb, SpikeSink sink, EventBudget budget, int layer, int neuron) {
        NumericFlow nf = (NumericFlow) flow;
        nf.beginNeuron(budget, layer, neuron);
        double tau = nf.crossingIn(ys, p, h, coef, a, ga, b, gb);
        emitAt(ys, p, t0 + tau, sink, budget, layer, neuron);
        double rest = h - tau;
        if (rest > 0.0) {
            runSegment(ys, p, t0 + tau, rest, rest, sink, budget, layer, neuron);
        }
    }

    /** Emits a spike at {@code t} from state {@code ys} and resets it in place (with the checks of {@link #run}). */
    void emitAt(double[] ys, double[] p, double t, SpikeSink sink, EventBudget budget, int layer, int neuron) {
        System.arraycopy(ys, 0, y, 0, y.length);
        emit(t, p, sink, budget, layer, neuron);
        System.arraycopy(y, 0, ys, 0, y.length);
    }

    private void emit(double t, double[] p, SpikeSink sink, EventBudget budget, int layer, int neuron) {
        budget.consume(1, layer, neuron, t);
        sink.spike(t, y);
        reset(y, p);
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new SimulationException("model " + model.name() + ": state became " + Arrays.toString(y)
                        + " at t = " + t + " ms (layer " + layer + ", neuron " + neuron + ")");
            }
        }
        double g = condition(p);
        if (g >= 0.0) {
            throw new SimulationException("model " + model.name() + ": the reset leaves the neuron at or above "
                    + "threshold (spike condition " + g + " >= 0 after the spike at t = " + t + " ms, layer " + layer
                    + ", neuron " + neuron + "); it would re-fire forever");
        }
    }
}
