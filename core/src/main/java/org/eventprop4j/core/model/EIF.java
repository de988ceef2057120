package org.eventprop4j.core.model;

import java.util.List;

import org.hipparchus.CalculusFieldElement;

/**
 * Exponential integrate-and-fire neuron with exponential synaptic current (state {@code [V, I]}, dimensionless like
 * {@link LIF}: rest at 0, LIF-like threshold near 1; time in ms):
 * <pre>
 *   tau_mem dV/dt = -V + delta_t exp((V - v_t) / delta_t) + I + bias
 *   tau_syn dI/dt = -I
 *   input spike of weight w:  I += w
 *   spike when V reaches v_peak, then V = v_reset (I unchanged);  V(0) = I(0) = 0
 * </pre>
 * Parameters (per neuron):
 * <ul>
 *   <li>{@code tau_syn}: synaptic time constant, ms, default 5, {@code > 0}, trainable;</li>
 *   <li>{@code tau_mem}: membrane time constant, ms, default 20, {@code > 0}, trainable;</li>
 *   <li>{@code bias}: constant drive, default 0, any real, trainable;</li>
 *   <li>{@code v_t}: soft threshold (where the exponential takes over), default 1, {@code >= 0}, trainable;</li>
 *   <li>{@code delta_t}: slope factor (sharpness of spike initiation), default 0.2, {@code >= 0.1}, trainable;</li>
 *   <li>{@code v_peak}: spike cut-off, default 2, {@code 1 < v_peak <= 2}, <b>fixed</b> (not trained): it stands
 *       in for the divergence of {@code V} to infinity, so it is a numerical cut-off rather than a property of the
 *       neuron, and training it would only move that cut-off;</li>
 *   <li>{@code v_reset}: reset potential, default 0, {@code <= 1}, trainable.</li>
 * </ul>
 * With the defaults the rheobase (smallest constant {@code I + bias} that makes the neuron fire) is
 * {@code v_t - delta_t = 0.8}, and at {@code v_peak} the exponential term is {@code 0.2 e^5 ~ 30}: once {@code V} is
 * well above {@code v_t} it runs to {@code v_peak} within about a millisecond.
 *
 * <p>The ranges guarantee that the model is well posed for every valid parameter set: {@code v_reset <= 1 < v_peak}
 * and {@code V(0) = 0 < v_peak}, so neither the initial state nor a reset is at or above the spike condition; and
 * {@code (v_peak - v_t) / delta_t <= 2 / 0.1 = 20}, so the exponential is at most {@code e^20} up to the peak. That
 * keeps the run-up to {@code v_peak} resolvable by the integrator (its time scale near the peak is about
 * {@code tau_mem e^-20}; at {@code e^-25} and {@code tau_mem = 0.01} ms it already needs steps below the integrator's
 * 1e-14 ms floor) and far from double overflow ({@code e^709}). The exponent is additionally capped at 600 (the
 * derivative is then 0) so that a trial stage of the integrator far beyond {@code v_peak} cannot produce an infinite
 * derivative; the cap is never reached on an accepted trajectory below {@code v_peak}. A reset close to the peak
 * ({@code v_reset} near 1 with a small {@code v_t}) is valid but re-fires at a very high rate and then hits the event
 * cap ({@code maxEventSteps}), which is reported as an error. Integrated numerically; registered in the
 * interchange format as {@code "eif"}.
 */
public final class EIF extends NeuronModel {

    /** State channel of the membrane potential V. */
    public static final int V = 0;
    /** State channel of the synaptic current I. */
    public static final int I = 1;
    /** Parameter index of {@code tau_syn}. */
    public static final int TAU_SYN = 0;
    /** Parameter index of {@code tau_mem}. */
    public static final int TAU_MEM = 1;
    /** Parameter index of {@code bias}. */
    public static final int BIAS = 2;
    /** Parameter index of {@code v_t}. */
    public static final int V_T = 3;
    /** Parameter index of {@code delta_t}. */
    public static final int DELTA_T = 4;
    /** Parameter index of {@code v_peak}. */
    public static final int V_PEAK = 5;
    /** Parameter index of {@code v_reset}. */
    public static final int V_RESET = 6;

    /** Largest exponent evaluated (see the class comment). */
    static final double EXPONENT_CAP = 600.0;

    /** EIF's parameters: {@code tau_syn, tau_mem, bias, v_t, delta_t, v_peak, v_reset}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.timeConstant("tau_syn", 5.0),
            ParamSpec.timeConstant("tau_mem", 20.0),
            ParamSpec.real("bias", 0.0),
            new ParamSpec("v_t", 1.0, true, 0.0, false, Double.POSITIVE_INFINITY, ""),
            new ParamSpec("delta_t", 0.2, true, 0.1, false, Double.POSITIVE_INFINITY, ""),
            new ParamSpec("v_peak", 2.0, false, 1.0, true, 2.0, ""),
            new ParamSpec("v_reset", 0.0, true, Double.NEGATIVE_INFINITY, false, 1.0, ""));

    /**
     * The EIF model, named {@code "eif"}, with state channels {@code V, I} and parameters {@link #PARAMS}.
     */
    public EIF() {
        super("eif", List.of("V", "I"), PARAMS);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
        T exponent = ModelMath.min(y[V].subtract(p[V_T]).divide(p[DELTA_T]), EXPONENT_CAP);
        out[V] = p[DELTA_T].multiply(exponent.exp()).subtract(y[V]).add(y[I]).add(p[BIAS]).divide(p[TAU_MEM]);
        out[I] = y[I].negate().divide(p[TAU_SYN]);
    }

    /**
     * Silent for good when {@code V} sits below the unstable fixed point {@code V+} of the largest drive still to come
     * and {@code V+ < v_peak}: without input the drive {@code D = I + bias} moves monotonically towards {@code bias},
     * so {@code D <= Dmax = max(I + bias, bias)}, and {@code F(V) = -V + delta_t e^((V - v_t)/delta_t) + Dmax} is
     * convex with its minimum at {@code v_t}. If {@code F(v_t) < 0}, {@code V <= v_t} and {@code F(v_peak) > 0}, then
     * {@code V} stays below the root {@code V+} in {@code (v_t, v_peak)}, where {@code dV/dt <= F(V+) / tau_mem = 0}.
     */
    @Override
    protected boolean staysSilent(double[] y, double[] p, double duration) {
        double dMax = Math.max(y[I] + p[BIAS], p[BIAS]);
        double vt = p[V_T];
        double dt = p[DELTA_T];
        double peak = p[V_PEAK];
        if (!(dMax < vt - dt) || !(y[V] <= vt) || !(vt < peak)) {
            return false;
        }
        return -peak + dt * Math.exp(Math.min((peak - vt) / dt, EXPONENT_CAP)) + dMax > 0.0;
    }

    @Override
    public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
        return y[V].subtract(p[V_PEAK]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        out[V] = p[V_RESET];
    }
}
