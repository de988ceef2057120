package org.eventprop4j.core.model;

import java.util.List;

import org.hipparchus.CalculusFieldElement;

/**
 * The custom model of the "Neuron Models" tutorial: {@link LIF} with only its {@link #dynamics} replaced.
 * <pre>
 *   dA/dt = -(sin A + cos(B + bias)) * tau_mem
 *   tau_syn dB/dt = -B
 *   input spike of weight w:  B += w
 *   spike when A reaches thresh, then A = 0 (B unchanged);  A(0) = B(0) = 0
 * </pre>
 * The state channels keep LIF's names and indices: channel {@code "V"} ({@link LIF#V}) plays {@code A} and channel
 * {@code "I"} ({@link LIF#I}) plays {@code B}. The parameters are LIF's ({@code tau_syn, tau_mem, bias, thresh}, same
 * defaults and ranges, all trainable); note that here {@code tau_mem} multiplies the rate (it is a rate, 1/ms, not a
 * time constant, exactly as the tutorial writes it) and {@code bias} shifts the phase of the cosine.
 *
 * <p>Spike, reset and input jump are inherited from LIF, so the reset {@code A = 0} is below every valid threshold
 * ({@code thresh > 0}). Because {@code dynamics} is overridden, LIF's closed form is switched off automatically
 * ({@link #closedForm()} is {@code null}): the model is integrated numerically and differentiated by forward-mode AD
 * of this method, with no hand-written derivative. The tutorial's network:
 * <pre>
 *   FFEvNN.builder(new FunkyNeuron()).layers(5).inSize(1).maxSolverTime(30).seed(0).solverStepsize(0.001)
 *         .maxEventSteps(2000).thresh(1).tsyn(5).tmem(20).initBias(0.1).wlim(2).build();
 * </pre>
 * Registered in the interchange format as {@code "funky"}.
 */
public final class FunkyNeuron extends LIF {

    /**
     * The tutorial's model, named {@code "funky"}, with state channels {@code V, I} and LIF's parameters
     * ({@link LIF#PARAMS}).
     */
    public FunkyNeuron() {
        super("funky", List.of("V", "I"), LIF.PARAMS);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
        T a = y[V];
        T b = y[I];
        out[V] = a.sin().add(b.add(p[BIAS]).cos()).multiply(p[TAU_MEM]).negate();
        out[I] = b.negate().divide(p[TAU_SYN]);
    }

    /**
     * Silent for good when the threshold is a barrier: without input {@code B} decays monotonically towards 0, so it
     * stays between its value and 0; if {@code sin(thresh) + cos(B' + bias) > 0} for every such {@code B'}, then
     * {@code dA/dt < 0} at {@code A = thresh} (the rate {@code tau_mem} is positive), and {@code A < thresh} can never
     * reach it.
     */
    @Override
    protected boolean staysSilent(double[] y, double[] p, double duration) {
        double th = p[THRESH];
        if (!(y[V] < th)) {
            return false;
        }
        double lo = Math.min(y[I], 0.0) + p[BIAS];
        double hi = Math.max(y[I], 0.0) + p[BIAS];
        // smallest cos over [lo, hi]: at an end, or -1 if the interval holds an odd multiple of pi
        double minCos = Math.min(Math.cos(lo), Math.cos(hi));
        double k = Math.ceil((lo - Math.PI) / (2 * Math.PI));
        if (Math.PI + 2 * Math.PI * k <= hi) {
            minCos = -1.0;
        }
        return Math.sin(th) + minCos > 0.0;
    }
}
