package org.eventprop4j.autodiff;

import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;

/**
 * Exact gradients of a loss with respect to every parameter of an {@link FFEvNN}, from one or more backward passes.
 *
 * <p>{@link #inputErrors()} holds {@code dL/dt} of each network input spike (aligned with the first layer's input
 * {@code Spikes} of the trace; empty after summing several samples). {@link #tangentialCrossings()} counts spikes whose
 * threshold crossing was (numerically) tangential: their spike-time derivative is unbounded, so their contribution
 * was dropped instead of turning into inf/NaN.
 */
public final class Gradients {
    private final List<LayerGradient> layers;
    private double[] inputErrors;
    private int tangential;
    private int samples;

    /**
     * Zero gradients shaped like {@code net}.
     *
     * @param net the network whose layers and parameter counts give the shapes
     */
    public Gradients(FFEvNN net) {
        this.layers = new ArrayList<>();
        for (int k = 0; k < net.layers().size(); k++) {
            Layer l = net.layers().get(k);
            layers.add(new LayerGradient(l.fanIn(), l.size(), net.model(k).params().size()));
        }
        this.inputErrors = new double[0];
    }

    /**
     * Per-layer gradients, first to last.
     *
     * @return the per-layer gradients (the live list, not a copy)
     */
    public List<LayerGradient> layers() {
        return layers;
    }

    /**
     * Every gradient entry in one array: layer by layer, first the weights (in the order of
     * {@link LayerGradient#weights()}), then the parameters row by row ({@link LayerGradient#params()}). Handy for
     * comparing two gradients of the same network (finite differences, another tolerance).
     *
     * @return a new array with all weight and parameter gradients
     */
    public double[] toArray() {
        int len = 0;
        for (LayerGradient l : layers) {
            len += l.weights().length;
            for (double[] row : l.params()) {
                len += row.length;
            }
        }
        double[] out = new double[len];
        int at = 0;
        for (LayerGradient l : layers) {
            System.arraycopy(l.weights(), 0, out, at, l.weights().length);
            at += l.weights().length;
            for (double[] row : l.params()) {
                System.arraycopy(row, 0, out, at, row.length);
                at += row.length;
            }
        }
        return out;
    }

    /**
     * @param l layer index
     * @return the gradients of layer {@code l}
     */
    public LayerGradient layer(int l) {
        return layers.get(l);
    }

    /**
     * dL/dt of each network input spike of the sample (single-sample gradients only).
     *
     * @return {@code dL/dt} per network input spike, or an empty array after {@link #add(Gradients)}
     */
    public double[] inputErrors() {
        return inputErrors;
    }

    void setInputErrors(double[] e) {
        this.inputErrors = e;
    }

    /**
     * Number of spikes whose crossing was tangential (contribution dropped; see class comment).
     *
     * @return the number of tangential crossings whose contribution was dropped
     */
    public int tangentialCrossings() {
        return tangential;
    }

    void addTangential(int n) {
        tangential += n;
    }

    /**
     * Number of samples summed into these gradients.
     *
     * @return the number of samples
     */
    public int samples() {
        return samples;
    }

    void setSamples(int n) {
        samples = n;
    }

    /**
     * Adds {@code other} (same network shape) into this; input errors are dropped.
     *
     * @param other gradients of a network of the same shape
     */
    public void add(Gradients other) {
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).add(other.layers.get(l));
        }
        tangential += other.tangential;
        samples += other.samples;
        inputErrors = new double[0];
    }

    /** Elements per work unit of {@link #setScaledSum} (fixed: the result does not depend on the threads). */
    private static final int SUM_CHUNK = 1 << 15;

    /**
     * Sets this to {@code scale * (parts[0] + ... + parts[n-1])}, element by element in part order: bit-identical to
     * {@link #clear()}, {@link #add} of each part in turn and {@link #scale}, in one pass over the arrays instead of
     * {@code n + 2}, with the weight arrays split into fixed chunks that {@code threads} threads share (the trainer's
     * sum of its per-piece gradients: a 784-350-10 network's are 2.2 MB each). Input errors are dropped, as by
     * {@link #add}; tangential crossings and samples are summed.
     *
     * @param parts   gradients of this shape, at least one
     * @param scale   the factor
     * @param threads threads to use ({@code >= 1})
     */
    public void setScaledSum(Gradients[] parts, double scale, int threads) {
        int t = 0;
        int n = 0;
        for (Gradients g : parts) {
            t += g.tangential;
            n += g.samples;
        }
        for (int l = 0; l < layers.size(); l++) {
            final int layer = l;
            final double[] w = layers.get(l).weights();
            final double[][] src = new double[parts.length][];
            for (int p = 0; p < parts.length; p++) {
                src[p] = parts[p].layers.get(l).weights();
            }
            int chunks = (w.length + SUM_CHUNK - 1) / SUM_CHUNK;
            org.eventprop4j.core.util.Parallel.forEach(chunks, chunks > 1 ? threads : 1, c -> {
                int to = Math.min(w.length, (c + 1) * SUM_CHUNK);
                for (int q = c * SUM_CHUNK; q < to; q++) {
                    double v = 0.0;
                    for (double[] a : src) {
                        v += a[q];
                    }
                    w[q] = v * scale;
                }
            });
            double[][] pr = layers.get(layer).params();
            for (int k = 0; k < pr.length; k++) {
                for (int i = 0; i < pr[k].length; i++) {
                    double v = 0.0;
                    for (Gradients g : parts) {
                        v += g.layers.get(layer).params()[k][i];
                    }
                    pr[k][i] = v * scale;
                }
            }
        }
        inputErrors = new double[0];
        tangential = t;
        samples = n;
    }

    /**
     * Back to the state of a new instance (every gradient zero, no samples, no tangential crossings, no input
     * errors), keeping the arrays: for callers that sum many batches and want no garbage per batch (a 784-350-10
     * network's gradients are 2.2 MB).
     */
    public void clear() {
        for (LayerGradient g : layers) {
            g.clear();
        }
        inputErrors = new double[0];
        tangential = 0;
        samples = 0;
    }

    /**
     * Multiplies every gradient by {@code s} (e.g. {@code 1 / batchSize}).
     *
     * @param s the factor
     */
    public void scale(double s) {
        for (LayerGradient g : layers) {
            g.scale(s);
        }
        for (int q = 0; q < inputErrors.length; q++) {
            inputErrors[q] *= s;
        }
    }
}
