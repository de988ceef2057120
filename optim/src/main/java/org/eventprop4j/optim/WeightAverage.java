package org.eventprop4j.optim;

import java.util.List;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;

/**
 * The running mean of a sequence of networks of one architecture: every weight and every per-neuron model parameter
 * is the arithmetic mean of its values in the networks {@linkplain #add added} so far. This is the averaging step of
 * stochastic weight averaging (Izmailov et al. 2018, "Averaging weights leads to wider optima and better
 * generalization"): averaging the networks at the ends of the late epochs of a run lands nearer the centre of the
 * region the optimiser wanders in than any one of them.
 *
 * <p>The mean is updated in place as {@code avg += (x - avg) / count}, in a fixed order, so it is a deterministic
 * function of the networks added (the same on every machine and thread count). A parameter that is equal in all of
 * them stays exactly that value (e.g. an untrained time constant). Averaging is linear, so it keeps every
 * parameter inside any interval that holds all its values (positive time constants stay positive).
 *
 * <p>Spiking networks are not linear in their weights: the average of two networks that each classify well need not
 * (the neurons of the two must play the same roles). Averaging the late epochs of one run works because those
 * networks lie close together (docs/data.md measures it on Fashion-MNIST).
 */
public final class WeightAverage {
    private final FFEvNN net;
    private int count;

    private WeightAverage(FFEvNN net, int count) {
        this.net = net;
        this.count = count;
    }

    /**
     * An average of one network: a copy of {@code first}.
     *
     * @param first the first network (copied; not changed later)
     * @return the average
     */
    public static WeightAverage of(FFEvNN first) {
        return new WeightAverage(first.copy(), 1);
    }

    /**
     * An average that continues from {@code mean}, the mean of {@code count} networks (e.g. read from a checkpoint).
     *
     * @param mean  the mean so far (kept and updated in place, not copied)
     * @param count how many networks it averages ({@code >= 1})
     * @return the average
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static WeightAverage resume(FFEvNN mean, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a weight average holds at least one network, got " + count);
        }
        return new WeightAverage(mean, count);
    }

    /**
     * Adds {@code x} to the mean.
     *
     * @param x a network of the same architecture (not changed)
     * @throws IllegalArgumentException if its layer shapes or parameter counts differ from the average's
     */
    public void add(FFEvNN x) {
        List<Layer> a = net.layers();
        List<Layer> b = x.layers();
        if (a.size() != b.size() || net.inSize() != x.inSize()) {
            throw new IllegalArgumentException("cannot average networks of different architectures ("
                    + describe(net) + " vs " + describe(x) + ")");
        }
        for (int l = 0; l < a.size(); l++) {
            Layer la = a.get(l);
            Layer lb = b.get(l);
            if (la.size() != lb.size() || la.fanIn() != lb.fanIn() || la.params().length != lb.params().length) {
                throw new IllegalArgumentException("cannot average networks of different architectures: layer " + l
                        + " differs (" + describe(net) + " vs " + describe(x) + ")");
            }
        }
        count++;
        for (int l = 0; l < a.size(); l++) {
            mix(a.get(l).weights(), b.get(l).weights(), count);
            double[][] pa = a.get(l).params();
            double[][] pb = b.get(l).params();
            for (int k = 0; k < pa.length; k++) {
                mix(pa[k], pb[k], count);
            }
        }
    }

    private static void mix(double[] avg, double[] x, int n) {
        for (int i = 0; i < avg.length; i++) {
            double d = x[i] - avg[i];
            if (d != 0) {                      // equal values stay bit-identical
                avg[i] += d / n;
            }
        }
    }

    private static String describe(FFEvNN n) {
        StringBuilder s = new StringBuilder().append(n.inSize());
        for (Layer l : n.layers()) {
            s.append('-').append(l.size());
        }
        return s.toString();
    }

    /**
     * The mean network (live: later {@link #add} calls change it; {@link FFEvNN#copy()} it to keep a snapshot).
     *
     * @return the mean network
     */
    public FFEvNN net() {
        return net;
    }

    /**
     * How many networks the mean holds.
     *
     * @return the count ({@code >= 1})
     */
    public int count() {
        return count;
    }
}
