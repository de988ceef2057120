package org.eventprop4j.core.model;

import java.util.List;

import org.hipparchus.CalculusFieldElement;

/**
 * Adaptive leaky integrate-and-fire neuron with a spike-triggered adaptive threshold (state {@code [V, I, A]},
 * dimensionless like {@link LIF}, time in ms):
 * <pre>
 *   tau_mem   dV/dt = -V + I + bias
 *   tau_syn   dI/dt = -I
 *   tau_adapt dA/dt = -A
 *   input spike of weight w:  I += w
 *   spike when V reaches thresh + A (V - thresh - A = 0 from below), then V = 0 and A += beta (I unchanged)
 *   V(0) = I(0) = A(0) = 0
 * </pre>
 * Parameters (per neuron, all trainable):
 * <ul>
 *   <li>{@code tau_syn}: synaptic time constant, ms, default 5, {@code > 0};</li>
 *   <li>{@code tau_mem}: membrane time constant, ms, default 20, {@code > 0};</li>
 *   <li>{@code bias}: constant drive, default 0, any real;</li>
 *   <li>{@code thresh}: baseline threshold, default 1, {@code > 0};</li>
 *   <li>{@code tau_adapt}: decay time constant of the threshold adaptation, ms, default 100, {@code > 0};</li>
 *   <li>{@code beta}: threshold increase per spike, default 0.5, {@code >= 0}.</li>
 * </ul>
 * With {@code beta >= 0} the adaptation {@code A} never becomes negative (it starts at 0, decays towards 0 and only
 * jumps up), so after a reset {@code V = 0 < thresh <= thresh + A}: the reset always leaves the neuron below its
 * threshold. {@code beta} enters only the reset: its gradient comes entirely from the reset's Jacobian.
 * Integrated numerically; registered in the interchange format as {@code "alif"}.
 */
public final class ALIF extends NeuronModel {

    /** State channel of the membrane potential V. */
    public static final int V = 0;
    /** State channel of the synaptic current I (where input spikes add their weight). */
    public static final int I = 1;
    /** State channel of the threshold adaptation A. */
    public static final int A = 2;
    /** Parameter index of {@code tau_syn}. */
    public static final int TAU_SYN = 0;
    /** Parameter index of {@code tau_mem}. */
    public static final int TAU_MEM = 1;
    /** Parameter index of {@code bias}. */
    public static final int BIAS = 2;
    /** Parameter index of {@code thresh}. */
    public static final int THRESH = 3;
    /** Parameter index of {@code tau_adapt}. */
    public static final int TAU_ADAPT = 4;
    /** Parameter index of {@code beta}. */
    public static final int BETA = 5;

    /** ALIF's parameters: {@code tau_syn, tau_mem, bias, thresh, tau_adapt, beta}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.timeConstant("tau_syn", 5.0),
            ParamSpec.timeConstant("tau_mem", 20.0),
            ParamSpec.real("bias", 0.0),
            ParamSpec.positive("thresh", 1.0),
            ParamSpec.timeConstant("tau_adapt", 100.0),
            new ParamSpec("beta", 0.5, true, 0.0, false, Double.POSITIVE_INFINITY, ""));

    /** ALIF with its default parameters (registry name {@code "alif"}). */
    public ALIF() {
        super("alif", List.of("V", "I", "A"), PARAMS);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
        out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
        out[I] = y[I].negate().divide(p[TAU_SYN]);
        out[A] = y[A].negate().divide(p[TAU_ADAPT]);
    }

    /**
     * Silent for good when {@code V} can no longer reach {@code thresh}, a lower bound of the threshold while
     * {@code A >= 0}: without input {@code I} decays, so {@code I + bias <= Dmax = max(I + bias, bias)} and
     * {@code V} stays at most {@code max(V, Dmax)}.
     */
    @Override
    protected boolean staysSilent(double[] y, double[] p, double duration) {
        double dMax = Math.max(y[I] + p[BIAS], p[BIAS]);
        return y[A] >= 0.0 && Math.max(y[V], dMax) < p[THRESH];
    }

    @Override
    public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
        return y[V].subtract(p[THRESH]).subtract(y[A]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        out[V] = y[V].getField().getZero();
        out[A] = y[A].add(p[BETA]);
    }
}
