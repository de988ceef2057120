package org.eventprop4j.core.model;

import java.util.List;

import org.hipparchus.CalculusFieldElement;

/**
 * Leaky integrate-and-fire neuron with exponential synaptic current (state {@code [V, I]}):
 * <pre>
 *   tau_mem dV/dt = -V + I + bias        tau_syn dI/dt = -I
 *   input spike of weight w:  I += w
 *   spike when V reaches thresh, then V = 0 (I unchanged);  V(0) = I(0) = 0
 * </pre>
 * Parameters (per neuron): {@code tau_syn} (ms, default 5), {@code tau_mem} (ms, default 20), {@code bias}
 * (default 0) and {@code thresh} (default 1, must be positive). {@code tau_mem == tau_syn} is allowed.
 *
 * <p>Simulated with an exact closed form ({@link LifClosedForm}) unless a subclass overrides one of the equations.
 */
public class LIF extends NeuronModel {

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
    /** Parameter index of {@code thresh}. */
    public static final int THRESH = 3;

    /** LIF's parameters: {@code tau_syn, tau_mem, bias, thresh}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.timeConstant("tau_syn", 5.0),
            ParamSpec.timeConstant("tau_mem", 20.0),
            ParamSpec.real("bias", 0.0),
            ParamSpec.positive("thresh", 1.0));

    private final ClosedForm closedForm;

    /**
     * The LIF model, named {@code "lif"}, with state channels {@code V, I} and parameters {@link #PARAMS}.
     */
    public LIF() {
        this("lif", List.of("V", "I"), PARAMS);
    }

    /**
     * For subclasses that rename the model, add channels or add parameters (after LIF's four).
     *
     * @param name     the model's name
     * @param channels names of the state channels, starting with {@code V, I}
     * @param params   the parameters, starting with LIF's four
     */
    protected LIF(String name, List<String> channels, List<ParamSpec> params) {
        super(name, channels, params);
        this.closedForm = equationsDeclaredIn(LIF.class) && channels.size() == 2 ? new LifClosedForm() : null;
    }

    @Override
    public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
        out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
        out[I] = y[I].negate().divide(p[TAU_SYN]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
        return y[V].subtract(p[THRESH]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        out[V] = y[V].getField().getZero();
    }

    @Override
    public ClosedForm closedForm() {
        return closedForm;
    }
}
