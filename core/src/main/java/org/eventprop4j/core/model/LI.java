package org.eventprop4j.core.model;

import java.util.List;

import org.eventprop4j.core.sim.Spikes;

/**
 * Leaky integrator: a LIF neuron that never spikes, for non-spiking readout layers whose loss reads the membrane
 * potential (e.g. the maximum of {@code V} over the window, the second loss of Wunderlich &amp; Pehle). State
 * {@code [V, I]}, the LIF equations:
 * <pre>
 *   tau_mem dV/dt = -V + I + bias        tau_syn dI/dt = -I        input spike of weight w:  I += w
 * </pre>
 * Parameters (per neuron): {@code tau_syn} (ms, default 5), {@code tau_mem} (ms, default 20), {@code bias}
 * (default 0), all trainable, and LIF's {@code thresh}, fixed at {@link Double#MAX_VALUE} (not trainable, no other value valid), which
 * {@code V} cannot reach (it is bounded by the largest summed input current plus the bias): so the layer is simulated
 * and differentiated by the exact LIF closed form, and its neurons never fire. Registered as {@code "li"}.
 */
public final class LI extends LIF {

    /** LI's parameters: LIF's, with {@code thresh} fixed at {@link Double#MAX_VALUE}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.timeConstant("tau_syn", 5.0),
            ParamSpec.timeConstant("tau_mem", 20.0),
            ParamSpec.real("bias", 0.0),
            new ParamSpec("thresh", Double.MAX_VALUE, false, Double.MAX_VALUE, false, Double.MAX_VALUE, ""));

    /**
     * The LI readout model, named {@code "li"}, with state channels {@code V, I} and parameters {@link #PARAMS}.
     */
    public LI() {
        super("li", List.of("V", "I"), PARAMS);
    }

    /**
     * The largest membrane potential of one neuron over the window and when it is reached.
     *
     * @param value      largest {@code V} over {@code [0, T]}
     * @param time       the first time (ms) it is reached
     * @param input      if the maximum sits on an input spike (a kink: {@code V} rising before it, not after), the
     *                   index of that spike in the layer's input list (the first one at that time), else -1; the
     *                   peak then moves with that spike's time
     * @param slopeAfter {@code dV/dt} just after that input spike (1/ms; {@code <= 0}), else 0
     */
    public record Peak(double value, double time, int input, double slopeAfter) {
    }

    /**
     * The exact maximum of {@code V} over {@code [0, tEnd]} of neuron {@code neuron} of an LI (or any LIF-equation)
     * layer driven by {@code input}: between input spikes {@code V} has at most one stationary point, in closed form
     * ({@link LifClosedForm#maximumTime}), so the maximum is at one of them, at an input time or at the window end.
     *
     * @param input   the layer's input spikes, time-ordered (sources index rows of {@code weights})
     * @param weights {@code weights[pre * size + post]}
     * @param size    neurons in the layer
     * @param neuron the neuron's index in the layer
     * @param p       the neuron's parameters in the order of {@link #PARAMS}
     * @param tEnd    end of the window (ms)
     * @return the maximum, its time and, if it sits on an input spike, that spike
     */
    public static Peak peak(Spikes input, double[] weights, int size, int neuron, double[] p, double tEnd) {
        double tm = p[TAU_MEM];
        double ts = p[TAU_SYN];
        double b = p[BIAS];
        double v = 0.0;
        double i = 0.0;
        double t = 0.0;
        double best = 0.0;
        double bestT = 0.0;
        int bestIn = -1;
        double bestSlope = 0.0;
        double[] times = input.times();
        int[] src = input.sources();
        for (int k = 0; k <= times.length; k++) {
            double stop = k < times.length ? Math.min(times[k], tEnd) : tEnd;
            double gap = stop - t;
            if (gap > 0.0) {
                double s = LifClosedForm.maximumTime(v, i, tm, ts, b);
                if (s > 0.0 && s < gap) {
                    double vs = LifClosedForm.potential(v, i, s, tm, ts, b);
                    if (vs > best) {
                        best = vs;
                        bestT = t + s;
                        bestIn = -1;
                        bestSlope = 0.0;
                    }
                }
                double ve = LifClosedForm.potential(v, i, gap, tm, ts, b);
                i *= Math.exp(-gap / ts);
                v = ve;
                t = stop;
                if (v > best) {
                    best = v;
                    bestT = t;
                    bestIn = k < times.length && times[k] == t ? k : -1;
                    bestSlope = 0.0;
                }
            }
            if (k < times.length) {
                if (times[k] > tEnd) {
                    break;
                }
                i += weights[src[k] * size + neuron];
                if (bestIn >= 0 && times[k] == bestT) {
                    bestSlope = (i + b - v) / tm;       // after every input at the kink's time
                }
            }
        }
        return new Peak(best, bestT, bestIn, bestIn >= 0 ? Math.min(bestSlope, 0.0) : 0.0);
    }
}
