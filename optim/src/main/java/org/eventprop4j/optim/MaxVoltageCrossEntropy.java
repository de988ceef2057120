package org.eventprop4j.optim;

import java.util.Arrays;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.LI;
import org.eventprop4j.core.model.LifClosedForm;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.Trace;

/**
 * Cross-entropy on the maximum over time of the output neurons' membrane potential (the non-spiking readout loss of
 * Wunderlich &amp; Pehle): with {@code m_k = max_{t in [0, T]} V_k(t)} of output neuron {@code k},
 * <pre>
 *   L = -log( e^{m_label / temp} / sum_k e^{m_k / temp} )          prediction: argmax_k m_k
 * </pre>
 * The output layer must be an {@link LI} readout (LIF equations, never spikes): the maximum and
 * its time {@code t_k} are exact ({@link LI#peak}). The gradient is exact too: at an interior maximum
 * {@code dV/dt = 0}, and at {@code t = T} the time is fixed, so {@code dm_k/dtheta = dV_k(t_k)/dtheta} with
 * {@code t_k} held fixed, which EventProp gets from a state loss at {@code t_k} ({@link LossEval#stateErrors}).
 * A maximum on an input spike (a kink: {@code dV/dt} jumps from positive to at most zero) moves with that spike's
 * time; the loss adds that motion as an error on the spike ({@link LossEval#inputErrors}).
 *
 * <p>Needs the network's output-layer parameters: trainers call {@link #bindTo}; an unbound instance refuses to
 * evaluate. No output neuron is ever "silent" for this loss.
 */
public final class MaxVoltageCrossEntropy implements LabeledLoss {
    private final int outputs;
    private final double temp;
    private final FFEvNN net;

    /**
     * @param outputs number of output neurons (classes)
     * @param temp    softmax temperature, in units of V ({@code > 0}); 1 is W&amp;P's plain cross-entropy
     */
    public MaxVoltageCrossEntropy(int outputs, double temp) {
        this(outputs, temp, null);
    }

    private MaxVoltageCrossEntropy(int outputs, double temp, FFEvNN net) {
        if (outputs < 1) {
            throw new IllegalArgumentException("need at least one output neuron, got " + outputs);
        }
        if (!(temp > 0) || !Double.isFinite(temp)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temp);
        }
        this.outputs = outputs;
        this.temp = temp;
        this.net = net;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /**
     * The softmax temperature (units of V).
     *
     * @return the softmax temperature
     */
    public double temperature() {
        return temp;
    }

    @Override
    public MaxVoltageCrossEntropy bindTo(FFEvNN network) {
        int last = network.layers().size() - 1;
        if (!(network.model(last) instanceof LI) || !(network.model(last).closedForm() instanceof LifClosedForm)) {
            throw new IllegalArgumentException("the max-voltage loss needs a non-spiking LI output layer (model "
                    + "\"li\"), not " + network.model(last).name());
        }
        if (network.outSize() != outputs) {
            throw new IllegalArgumentException("the loss expects " + outputs + " output neurons, the network has "
                    + network.outSize());
        }
        return new MaxVoltageCrossEntropy(outputs, temp, network);
    }

    /**
     * The exact peak of every output neuron for this trace: {@code [neuron]}.
     *
     * @param trace forward trace of the sample, from the bound network
     * @return the peak of each output neuron, shape [outputs]
     */
    public LI.Peak[] peaks(Trace trace) {
        if (net == null) {
            throw new IllegalStateException("MaxVoltageCrossEntropy is not bound to a network: call bindTo(net)");
        }
        int last = net.layers().size() - 1;
        Layer layer = net.layers().get(last);
        double[] p = new double[layer.params().length];
        LI.Peak[] out = new LI.Peak[outputs];
        for (int k = 0; k < outputs; k++) {
            for (int q = 0; q < p.length; q++) {
                p[q] = layer.params()[q][k];
            }
            out[k] = LI.peak(trace.layers().get(last).input(), layer.weights(), layer.size(), k, p,
                    net.options().maxSolverTime());
        }
        return out;
    }

    @Override
    public LossEval evaluate(Trace trace, int label) {
        if (label < 0 || label >= outputs) {
            throw new IllegalArgumentException("label " + label + " out of range [0, " + outputs + ")");
        }
        LI.Peak[] pk = peaks(trace);
        double top = Double.NEGATIVE_INFINITY;
        for (LI.Peak q : pk) {
            top = Math.max(top, q.value() / temp);
        }
        double z = 0.0;
        double[] e = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            e[k] = Math.exp(pk[k].value() / temp - top);
            z += e[k];
        }
        double value = -(pk[label].value() / temp - top - Math.log(z));
        // dL/dm_k = (softmax_k - [k == label]) / temp, placed at each neuron's own peak time
        double[] times = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            times[k] = pk[k].time();
        }
        double[] uniq = Arrays.stream(times).sorted().distinct().toArray();
        double[][][] errors = new double[outputs][uniq.length][2];
        double[] inErr = null;
        for (int k = 0; k < outputs; k++) {
            double d = (e[k] / z - (k == label ? 1.0 : 0.0)) / temp;
            errors[k][Arrays.binarySearch(uniq, times[k])][LIF.V] = d;
            if (pk[k].input() >= 0) {
                // the peak sits on input spike j and moves with it: EventProp's state error at the fixed time t_k
                // gives d/dt_j of V(t_k) = f_V(y-) - f_V(y+); the peak's own motion adds f_V(y+) (V's slope there)
                if (inErr == null) {
                    inErr = new double[trace.layers().get(trace.layers().size() - 1).input().size()];
                }
                inErr[pk[k].input()] += d * pk[k].slopeAfter();
            }
        }
        int[] silent = dead(pk[label]) ? new int[] {label} : new int[0];
        return new LossEval(value, new double[trace.output().size()], silent, uniq, errors, inErr);
    }

    @Override
    public int predict(Trace trace) {
        LI.Peak[] pk = peaks(trace);
        int best = 0;
        for (int k = 1; k < outputs; k++) {
            if (pk[k].value() > pk[best].value()) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public boolean correct(Trace trace, int label) {
        return predict(trace) == label;
    }

    /**
     * The label neuron is "silent" for this loss when its voltage never rises above rest ({@code V(0) = 0}): its peak
     * is then the start of the window, which no parameter moves, so it has no gradient; like a silent label neuron
     * under TTFS it is listed in {@link LossEval#silentTargets} for the silent-label policy, which pushes its incoming
     * weights up.
     */
    @Override
    public boolean labelSilent(Trace trace, int label) {
        return dead(peaks(trace)[label]);
    }

    private static boolean dead(LI.Peak p) {
        return p.time() == 0.0 && !(p.value() > 0.0);
    }

    @Override
    public String toString() {
        return "MaxVoltageCrossEntropy[outputs " + outputs + ", temperature " + temp + "]";
    }
}
