package org.eventprop4j.optim;

import org.eventprop4j.autodiff.SpikeLoss;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;

/**
 * A differentiable activity penalty on spike times (a smooth stand-in for a spike-count penalty, which is piecewise
 * constant and has no useful gradient):
 * <pre>
 *   R = strength * sum_spikes e^{-t/tau}          dR/dt = -(strength / tau) e^{-t/tau}
 * </pre>
 * Each spike costs up to {@code strength} (at {@code t = 0}), less the later it comes, so the gradient pushes spikes
 * later (and, through their thresholds, towards vanishing), which lowers activity. As a {@link SpikeLoss} it acts on
 * the <b>output</b> layer's spikes; on hidden layers, {@link #hiddenValue(Trace)} and {@link #hiddenErrors(Trace)}
 * go with {@code EventProp.backward(trace, outputErrors, hiddenErrors)} (the Trainer's {@code hiddenPenalty}).
 */
public final class EarlySpikePenalty implements SpikeLoss {
    private final double strength;
    private final double tau;

    /**
     * @param strength penalty per spike at {@code t = 0} (dimensionless; negative = a reward that pulls spikes earlier
     *                 and keeps neurons firing)
     * @param tau      decay time of the penalty, ms ({@code > 0})
     */
    public EarlySpikePenalty(double strength, double tau) {
        if (!Double.isFinite(strength) || !(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("need a finite strength and tau > 0 (ms), got " + strength + ", " + tau);
        }
        this.strength = strength;
        this.tau = tau;
    }

    /**
     * Penalty per spike at {@code t = 0}.
     *
     * @return the penalty per spike at {@code t = 0} (dimensionless)
     */
    public double strength() {
        return strength;
    }

    /**
     * Decay time of the penalty, ms.
     *
     * @return the decay time, in ms
     */
    public double tau() {
        return tau;
    }

    /**
     * {@code R} of a list of spikes.
     *
     * @param spikes the spikes (times in ms)
     * @return {@code R}, in units of {@code strength}
     */
    public double value(Spikes spikes) {
        double r = 0;
        for (double t : spikes.times()) {
            r += Math.exp(-t / tau);
        }
        return strength * r;
    }

    /**
     * {@code dR/dt} (1/ms) of each spike, aligned with {@code spikes}.
     *
     * @param spikes the spikes (times in ms)
     * @return {@code dR/dt} per spike, shape [spikes.size()]
     */
    public double[] errors(Spikes spikes) {
        double[] e = new double[spikes.size()];
        for (int q = 0; q < e.length; q++) {
            e[q] = -strength / tau * Math.exp(-spikes.times()[q] / tau);
        }
        return e;
    }

    /**
     * {@code R} of the spikes of every hidden layer of a trace (all layers but the last).
     *
     * @param trace the forward trace of a sample
     * @return {@code R} summed over the hidden layers (0 for a one-layer network)
     */
    public double hiddenValue(Trace trace) {
        double r = 0;
        for (int l = 0; l < trace.layers().size() - 1; l++) {
            r += value(trace.layers().get(l).output());
        }
        return r;
    }

    /**
     * {@code dR/dt} of the spikes of each hidden layer, {@code [layer][spike]}, for {@code EventProp}.
     *
     * @param trace the forward trace of a sample
     * @return {@code dR/dt} (1/ms), shape [number of layers - 1][spikes of that layer]
     */
    public double[][] hiddenErrors(Trace trace) {
        double[][] e = new double[trace.layers().size() - 1][];
        for (int l = 0; l < e.length; l++) {
            e[l] = errors(trace.layers().get(l).output());
        }
        return e;
    }

    @Override
    public double value(Trace trace) {
        return value(trace.output());
    }

    @Override
    public double[] spikeErrors(Trace trace) {
        return errors(trace.output());
    }

    @Override
    public String toString() {
        return "EarlySpikePenalty[strength=" + strength + ", tau=" + tau + " ms]";
    }
}
