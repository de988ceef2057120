package org.eventprop4j.optim;

import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.autodiff.LayerGradient;
import org.eventprop4j.core.sim.Trace;

/**
 * A {@link SilentLabelPolicy} that raises the incoming weights of a silent target neuron {@code k} of the output
 * layer. It adds the gradient of the surrogate term
 * <pre>
 *   L_silent = - strength * sum_{j active} W[j][k]
 * </pre>
 * to the batch gradient, where {@code j} runs over the presynaptic sources that spiked at least once in the sample
 * (weights from silent sources cannot change the neuron's potential). That is, it subtracts
 * {@code strength * sampleWeight} from {@code dL/dW[j][k]}; a descent step then increases those weights. With Adam the
 * size of the resulting step is set by the learning rate, not by {@code strength}, as long as these entries dominate.
 *
 * <p>If no presynaptic source of the output layer spiked (the layer below is silent), the output weights cannot help;
 * the push then goes one layer down: every neuron of the layer below gets the same surrogate on its weights from its
 * active sources, and so on down to the first layer. Only network inputs with no spike at all leave it powerless
 * (0 is returned).
 */
public final class PushIncomingWeights implements SilentLabelPolicy {
    private final double strength;

    /** @param strength the surrogate's slope per weight (dimensionless, {@code > 0}) */
    public PushIncomingWeights(double strength) {
        if (!(strength > 0) || !Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be positive and finite, got " + strength);
        }
        this.strength = strength;
    }

    /**
     * The surrogate's slope per weight (dimensionless).
     *
     * @return the strength
     */
    public double strength() {
        return strength;
    }

    @Override
    public int apply(Trace trace, int[] silentNeurons, double sampleWeight, Gradients g) {
        if (silentNeurons.length == 0) {
            return 0;
        }
        int layer = g.layers().size() - 1;
        int size = g.layer(layer).size();
        boolean[] push = new boolean[size];
        for (int k : silentNeurons) {
            if (k < 0 || k >= size) {
                throw new IllegalArgumentException("silent neuron " + k + " is not in the output layer (size " + size
                        + ")");
            }
            push[k] = true;
        }
        // walk down while the layer's input is silent: then every neuron of the layer below gets pushed
        while (true) {
            LayerGradient lg = g.layer(layer);
            boolean[] active = activeSources(trace, layer, lg.fanIn());
            int changed = 0;
            double[] gw = lg.weights();
            for (int k = 0; k < lg.size(); k++) {
                if (!push[k]) {
                    continue;
                }
                for (int j = 0; j < active.length; j++) {
                    if (active[j]) {
                        gw[j * lg.size() + k] -= strength * sampleWeight;
                        changed++;
                    }
                }
            }
            if (changed > 0 || layer == 0) {
                return changed;
            }
            layer--;
            push = new boolean[g.layer(layer).size()];
            java.util.Arrays.fill(push, true);
        }
    }

    private static boolean[] activeSources(Trace trace, int layer, int fanIn) {
        boolean[] active = new boolean[fanIn];
        for (int s : trace.layers().get(layer).input().sources()) {
            if (s < fanIn) {
                active[s] = true;
            }
        }
        return active;
    }

    @Override
    public String toString() {
        return "PushIncomingWeights[strength=" + strength + "]";
    }
}
