package org.eventprop4j.optim;

import java.util.Arrays;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;

/**
 * Regression of the output layer's state: the target of a sample is the desired value of one state channel (default
 * channel 0, the membrane potential of LIF, LI, EIF, ...) of every output neuron at fixed sample times,
 * {@code target[k * times + q]} for neuron {@code k} at {@code times[q]}, and
 * <pre>
 *   L = (1/N) sum_{k,q} (y_k(times[q]) - target[k * times + q])^2        (N = outputs * times)
 * </pre>
 * A {@code NaN} target entry adds nothing. Exact: the state errors {@code dL/dy} at the sample times go to EventProp
 * ({@link LossEval#stateErrors}), so it trains e.g. an LI readout to track a target trace. Needs the network's
 * parameters to replay the output layer: trainers call {@link #bindTo}.
 */
public final class VoltageMse implements TargetLoss {
    private final int outputs;
    private final double[] times;
    private final int channel;
    private final FFEvNN net;

    /**
     * @param outputs output neurons
     * @param times   sample times (ms), sorted and distinct
     * @param channel the state channel compared with the targets
     */
    public VoltageMse(int outputs, double[] times, int channel) {
        this(outputs, times, channel, null);
    }

    private VoltageMse(int outputs, double[] times, int channel, FFEvNN net) {
        if (outputs < 1) {
            throw new IllegalArgumentException("need at least one output neuron, got " + outputs);
        }
        if (times.length == 0) {
            throw new IllegalArgumentException("need at least one sample time");
        }
        for (int q = 0; q < times.length; q++) {
            if (!Double.isFinite(times[q]) || times[q] < 0 || (q > 0 && !(times[q] > times[q - 1]))) {
                throw new IllegalArgumentException("sample times must be finite, >= 0, sorted and distinct; got "
                        + Arrays.toString(times));
            }
        }
        if (channel < 0) {
            throw new IllegalArgumentException("channel must be >= 0, got " + channel);
        }
        this.outputs = outputs;
        this.times = times.clone();
        this.channel = channel;
        this.net = net;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int targetLength() {
        return outputs * times.length;
    }

    /**
     * The sample times (ms).
     *
     * @return a copy of the sample times, in ms
     */
    public double[] times() {
        return times.clone();
    }

    @Override
    public VoltageMse bindTo(FFEvNN network) {
        if (network.outSize() != outputs) {
            throw new IllegalArgumentException("the loss expects " + outputs + " output neurons, the network has "
                    + network.outSize());
        }
        int nc = network.model(network.layers().size() - 1).channelCount();
        if (channel >= nc) {
            throw new IllegalArgumentException("channel " + channel + " does not exist: the output model has " + nc
                    + " channels");
        }
        if (times[times.length - 1] > network.options().maxSolverTime()) {
            throw new IllegalArgumentException("sample time " + times[times.length - 1] + " ms is after the window end "
                    + network.options().maxSolverTime() + " ms");
        }
        return new VoltageMse(outputs, times, channel, network);
    }

    @Override
    public LossEval evaluate(Trace trace, double[] target) {
        if (net == null) {
            throw new IllegalStateException("VoltageMse is not bound to a network: call bindTo(net)");
        }
        if (target.length != targetLength()) {
            throw new IllegalArgumentException("target has " + target.length + " entries, expected outputs x times = "
                    + targetLength());
        }
        double[][][] y = net.stateAt(trace, times, net.layers().size() - 1);
        int nc = y[0][0].length;
        int n = targetLength();
        double sum = 0;
        double[][][] err = new double[outputs][times.length][nc];
        for (int k = 0; k < outputs; k++) {
            for (int q = 0; q < times.length; q++) {
                double tg = target[k * times.length + q];
                if (Double.isNaN(tg)) {
                    continue;
                }
                if (Double.isInfinite(tg)) {
                    throw new IllegalArgumentException("target entry " + (k * times.length + q) + " is " + tg);
                }
                double d = y[k][q][channel] - tg;
                sum += d * d;
                err[k][q][channel] = 2.0 * d / n;
            }
        }
        return new LossEval(sum / n, new double[trace.output().size()], new int[0], times.clone(), err, null);
    }

    @Override
    public String toString() {
        return "VoltageMse[outputs=" + outputs + ", " + times.length + " times, channel " + channel + "]";
    }
}
