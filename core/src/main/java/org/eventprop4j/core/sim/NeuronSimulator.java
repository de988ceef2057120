package org.eventprop4j.core.sim;

import java.util.Arrays;

import org.eventprop4j.core.model.ClosedForm;
import org.eventprop4j.core.model.NeuronModel;

/**
 * Simulates one neuron of a feed-forward layer over {@code [0, T]} given the layer's input spikes: flows the state
 * between events (closed form or numerical), applies every input jump at its exact time (simultaneous inputs
 * together), detects the neuron's own spikes and resets it, and optionally samples its state at given times. The
 * sampled state is right-continuous: at time {@code t} it includes all jumps and resets at exactly {@code t}.
 *
 * <p>Not thread-safe: use one per thread.
 */
final class NeuronSimulator {

    private final NeuronModel model;
    private final ClosedForm cf;
    private final Flow flow;
    private final double tEnd;
    private final double[] y;

    NeuronSimulator(NeuronModel model, SimOptions opts) {
        this.model = model;
        this.cf = model.closedForm();
        this.flow = cf != null ? new ExactFlow(cf) : new OdeFlow(model, opts);
        this.tEnd = opts.maxSolverTime();
        this.y = new double[model.channelCount()];
    }

    /** Receives the spikes of the neuron being simulated. */
    interface SpikeSink {
        /** A spike at {@code t} ms; {@code preState} is the state just before the reset (do not keep the array). */
        void spike(double t, double[] preState);
    }

    /**
     * @param p           this neuron's parameters
     * @param in          the layer's input spikes, all at times in {@code [0, T]}
     * @param w           the layer's weights, {@code w[pre * stride + neuron]}
     * @param stride      the layer size
     * @param neuron      this neuron's index in the layer
     * @param samples     sorted sample times in {@code [0, T]}, or null
     * @param sampleOut   receives the sampled states, {@code [time][channel]} from {@code sampleOffset}, or null
     * @param sink        receives the spikes
     * @param budget      event counter of the sample
     * @param layer       layer index, for messages
     */
    void run(double[] p, Spikes in, double[] w, int stride, int neuron, double[] samples, double[] sampleOut,
             int sampleOffset, SpikeSink sink, EventBudget budget, int layer) {
        final int nc = y.length;
        model.initState(p, y);
        double t = 0.0;
        if (condition(p) >= 0.0) {
            throw new SimulationException("model " + model.name() + ": the initial state " + Arrays.toString(y)
                    + " is at or above threshold (layer " + layer + ", neuron " + neuron + ")");
        }
        final double[] times = in.times();
        final int[] src = in.sources();
        final int nIn = times.length;
        final int nS = samples == null ? 0 : samples.length;
        int k = 0;
        int q = 0;
        while (true) {
            double nextIn = k < nIn ? times[k] : Double.POSITIVE_INFINITY;
            double nextSample = q < nS ? samples[q] : Double.POSITIVE_INFINITY;
            double stop = Math.min(Math.min(nextIn, nextSample), tEnd);
            // flow to 'stop', emitting every spike on the way
            while (true) {
                double s = flow.advance(y, p, stop - t);
                if (Double.isNaN(s)) {
                    break;
                }
                t = Math.min(t + s, stop);
                emit(t, p, sink, budget, layer, neuron);
            }
            t = stop;
            boolean jumped = false;
            while (k < nIn && times[k] == stop) {
                double wk = w[src[k] * stride + neuron];
                if (cf != null) {
                    cf.inputSpike(y, wk, p);
                } else {
                    model.inputSpike(y, wk, p);
                }
                k++;
                jumped = true;
            }
            if (jumped && condition(p) >= 0.0) {
                emit(t, p, sink, budget, layer, neuron);
            }
            while (q < nS && samples[q] == stop) {
                System.arraycopy(y, 0, sampleOut, sampleOffset + q * nc, nc);
                q++;
            }
            if (stop >= tEnd && q >= nS) {
                return;
            }
        }
    }

    private double condition(double[] p) {
        return cf != null ? cf.spikeCondition(y, p) : model.spikeCondition(y, p);
    }

    private void emit(double t, double[] p, SpikeSink sink, EventBudget budget, int layer, int neuron) {
        budget.consume(1, layer, neuron, t);
        sink.spike(t, y);
        if (cf != null) {
            cf.resetSpiked(y, p);
        } else {
            model.resetSpiked(y, p);
        }
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
