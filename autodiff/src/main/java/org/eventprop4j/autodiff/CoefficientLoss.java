package org.eventprop4j.autodiff;

import java.util.Arrays;

import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;

/**
 * {@code L = sum_k c[k] * t_first[k]} over the output neurons (the interchange format's {@code grad} loss). A silent
 * output neuron with a non-zero coefficient is an error: its first-spike time is not differentiable.
 */
public final class CoefficientLoss implements SpikeLoss {
    private final double[] coef;

    /** @param coef one coefficient per output neuron */
    public CoefficientLoss(double[] coef) {
        for (int k = 0; k < coef.length; k++) {
            if (!Double.isFinite(coef[k])) {
                throw new IllegalArgumentException("coefficient " + k + " is " + coef[k] + "; must be finite");
            }
        }
        this.coef = coef.clone();
    }

    private double[] firstTimes(Trace trace) {
        Spikes out = trace.output();
        int n = coef.length;
        double[] first = out.firstTimes(n, Double.NaN);
        for (int s : out.sources()) {
            if (s >= n) {
                throw new IllegalArgumentException("coefficients: expected one per output neuron, got " + n);
            }
        }
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(first[k]) && coef[k] != 0.0) {
                throw new IllegalArgumentException("output neuron " + k + " is silent: its first-spike time (and the "
                        + "loss) is not differentiable");
            }
        }
        return first;
    }

    @Override
    public double value(Trace trace) {
        double[] first = firstTimes(trace);
        double l = 0.0;
        for (int k = 0; k < coef.length; k++) {
            if (coef[k] != 0.0) {
                l += coef[k] * first[k];
            }
        }
        return l;
    }

    @Override
    public double[] spikeErrors(Trace trace) {
        firstTimes(trace);
        return FirstSpikes.errors(trace, coef);
    }

    @Override
    public String toString() {
        return "CoefficientLoss" + Arrays.toString(coef);
    }
}
