package org.eventprop4j.core.model;

import java.util.List;

import org.hipparchus.CalculusFieldElement;

/**
 * Izhikevich's simple model (2003) driven by an exponential synaptic current (state {@code [v, I, u]}; {@code v} in
 * mV, time in ms):
 * <pre>
 *   dv/dt = 0.04 v^2 + 5 v + 140 - u + I + bias
 *   du/dt = a (b v - u)
 *   tau_syn dI/dt = -I
 *   input spike of weight w:  I += w
 *   spike when v reaches v_peak, then v = c and u += d (I unchanged)
 *   v(0) = c, u(0) = b c, I(0) = 0
 * </pre>
 * The channels are ordered {@code [v, I, u]} (not {@code [v, u, I]}) so that, as in {@link LIF}, channel 0 is the
 * membrane potential and channel 1 the current that input spikes add to.
 *
 * <p>Parameters (per neuron; defaults give a regular-spiking cortical neuron):
 * <ul>
 *   <li>{@code tau_syn}: synaptic time constant, ms, default 5, {@code > 0}, trainable;</li>
 *   <li>{@code bias}: constant input current, mV/ms, default 0, any real, trainable (a regular-spiking neuron fires
 *       tonically for {@code bias} above about 3.8);</li>
 *   <li>{@code a}: recovery rate, 1/ms, default 0.02, {@code > 0}, trainable;</li>
 *   <li>{@code b}: sensitivity of the recovery variable to {@code v}, default 0.2, any real, trainable;</li>
 *   <li>{@code c}: reset potential (and initial {@code v}), mV, default -65, {@code <= 0}, trainable;</li>
 *   <li>{@code d}: recovery jump per spike, mV/ms, default 8, any real, trainable;</li>
 *   <li>{@code v_peak}: spike cut-off, mV, default 30, {@code > 0}, <b>fixed</b> (not trained): it stands in for the
 *       divergence of {@code v}, a numerical cut-off rather than a property of the neuron.</li>
 * </ul>
 * Since {@code c <= 0 < v_peak}, neither the initial state nor a reset is at or above the spike condition, for every
 * valid parameter set.
 *
 * <p>Weights are in the units of {@code I} (mV/ms) and must be much larger than for LIF: a spike of weight {@code w}
 * injects {@code w tau_syn} mV in total, and a neuron at rest ({@code v ~ -70}) needs roughly 10-20 mV of fast drive
 * to fire, so single inputs need weights of order 5-20 (with {@code tau_syn = 5}). Integrated numerically; registered
 * in the interchange format as {@code "izhikevich"}.
 */
public final class Izhikevich extends NeuronModel {

    /** State channel of the membrane potential v (mV). */
    public static final int V = 0;
    /** State channel of the synaptic current I (where input spikes add their weight). */
    public static final int I = 1;
    /** State channel of the recovery variable u. */
    public static final int U = 2;
    /** Parameter index of {@code tau_syn}. */
    public static final int TAU_SYN = 0;
    /** Parameter index of {@code bias}. */
    public static final int BIAS = 1;
    /** Parameter index of {@code a}. */
    public static final int A = 2;
    /** Parameter index of {@code b}. */
    public static final int B = 3;
    /** Parameter index of {@code c}. */
    public static final int C = 4;
    /** Parameter index of {@code d}. */
    public static final int D = 5;
    /** Parameter index of {@code v_peak}. */
    public static final int V_PEAK = 6;

    /** Izhikevich's parameters: {@code tau_syn, bias, a, b, c, d, v_peak}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.timeConstant("tau_syn", 5.0),
            new ParamSpec("bias", 0.0, true, Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, "mV/ms"),
            new ParamSpec("a", 0.02, true, 0.0, true, Double.POSITIVE_INFINITY, "1/ms"),
            ParamSpec.real("b", 0.2),
            new ParamSpec("c", -65.0, true, Double.NEGATIVE_INFINITY, false, 0.0, "mV"),
            new ParamSpec("d", 8.0, true, Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, "mV/ms"),
            new ParamSpec("v_peak", 30.0, false, 0.0, true, Double.POSITIVE_INFINITY, "mV"));

    /**
     * The Izhikevich model, named {@code "izhikevich"}, with state channels {@code v, I, u} and parameters
     * {@link #PARAMS}.
     */
    public Izhikevich() {
        super("izhikevich", List.of("v", "I", "u"), PARAMS);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void initState(T[] p, T[] out) {
        out[V] = p[C];
        out[I] = p[C].getField().getZero();
        out[U] = p[B].multiply(p[C]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
        T v = y[V];
        out[V] = v.multiply(0.04).add(5.0).multiply(v).add(140.0).subtract(y[U]).add(y[I]).add(p[BIAS]);
        out[I] = y[I].negate().divide(p[TAU_SYN]);
        out[U] = p[B].multiply(v).subtract(y[U]).multiply(p[A]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
        return y[V].subtract(p[V_PEAK]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        out[V] = p[C];
        out[U] = y[U].add(p[D]);
    }
}
