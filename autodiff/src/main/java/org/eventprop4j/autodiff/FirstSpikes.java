package org.eventprop4j.autodiff;

import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;

/** Maps derivatives with respect to first-spike times onto the output spike list of a trace. */
public final class FirstSpikes {
    private FirstSpikes() {
    }

    /**
     * {@code dL/dt} aligned with {@code trace.output()}: {@code dLdFirst[k]} at the first spike of output neuron
     * {@code k}, zero elsewhere (and nothing for a silent neuron).
     *
     * @param trace    the simulated sample
     * @param dLdFirst {@code dL/dt} of the first spike of each output neuron (loss units per ms), shape [output size]
     * @return {@code dL/dt} per output spike, aligned with {@code trace.output()}, shape [number of output spikes]
     */
    public static double[] errors(Trace trace, double[] dLdFirst) {
        Spikes out = trace.output();
        double[] e = new double[out.size()];
        boolean[] seen = new boolean[dLdFirst.length];
        for (int q = 0; q < out.size(); q++) {
            int s = out.sources()[q];
            if (s < seen.length && !seen[s]) {
                seen[s] = true;
                e[q] = dLdFirst[s];
            }
        }
        return e;
    }
}
