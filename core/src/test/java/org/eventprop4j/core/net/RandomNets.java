package org.eventprop4j.core.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.sim.SimOptions;

/**
 * Seeded generators of random feed-forward networks and inputs for the property tests. Everything is a function of
 * the seed ({@link SplittableRandom}), so a failing seed replays.
 */
public final class RandomNets {

    private RandomNets() {
    }

    /** A network description plus one input sample. Layers are never shared: {@link #net} copies them. */
    public record NetCase(long seed, NeuronModel model, int inSize, List<Layer> layers, double tEnd,
                          double[][] input) {

        public FFEvNN net(int threads) {
            return net(SimOptions.of(tEnd), threads);
        }

        public FFEvNN net(SimOptions opts, int threads) {
            return new FFEvNN(model, inSize, copyLayers(), opts, threads);
        }

        public List<Layer> copyLayers() {
            List<Layer> ls = new ArrayList<>();
            for (Layer l : layers) {
                ls.add(l.copy());
            }
            return ls;
        }

        /** Same case with another model (same parameter layout assumed). */
        public NetCase withModel(NeuronModel m) {
            return new NetCase(seed, m, inSize, layers, tEnd, input);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("seed " + seed + ", model " + model.name() + ", in " + inSize
                    + ", T " + tEnd + ", layers");
            for (Layer l : layers) {
                sb.append(' ').append(l.size());
            }
            return sb.toString();
        }
    }

    /** Seeds {@code 1..n}. */
    public static LongStream seeds(int n) {
        return LongStream.rangeClosed(1, n);
    }

    /**
     * A random 1-2 layer LIF network: 2-5 inputs, 3-8 neurons per layer, taus in [2, 30] ms with, per layer, one of:
     * independent taus, {@code tau_mem == tau_syn} exactly, nearly equal ({@code tau_syn = tau_mem (1 + 1e-9)}), a
     * per-neuron mix of the three, or taus shared by the layer with an integer ratio {@code tau_mem = k tau_syn},
     * k in 2..8 (layer 0 cycles through the modes with the seed so every mode is covered); thresh in
     * [0.5, 1.5]; biases of both signs, neuron 0 and about a third of the others above threshold
     * (repeated firing); weights mostly excitatory.
     */
    public static NetCase lif(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nLayers = 1 + rng.nextInt(2);
        int inSize = 2 + rng.nextInt(4);
        double tEnd = 40.0 + 40.0 * rng.nextDouble();
        List<Layer> layers = new ArrayList<>();
        int fan = inSize;
        for (int l = 0; l < nLayers; l++) {
            int n = 3 + rng.nextInt(6);
            int layerMode = l == 0 ? (int) (seed % 5) : rng.nextInt(5);
            // mode 4: taus shared by the whole layer with an integer ratio tm = k ts, k in 2..8 (20/5 when k = 4),
            // which the simulator runs with its polynomial kernel (LifPolynomialKernel)
            int kRatio = 2 + rng.nextInt(7);
            double sharedTs = kRatio == 4 ? 5.0 : 2.0 + (30.0 / kRatio - 2.0) * rng.nextDouble();
            double[][] p = new double[4][n];
            for (int i = 0; i < n; i++) {
                int mode = layerMode == 3 ? rng.nextInt(3) : layerMode;
                double tm = 2.0 + 28.0 * rng.nextDouble();
                double ts;
                if (mode == 4) {
                    ts = sharedTs;
                    tm = kRatio * sharedTs;
                } else if (mode == 0) {
                    ts = 2.0 + 28.0 * rng.nextDouble();
                } else if (mode == 1) {
                    ts = tm;
                } else {
                    ts = tm * (1.0 + 1e-9);
                }
                double th = 0.5 + rng.nextDouble();
                // neuron 0 of every layer fires tonically, so that no case is silent
                double b = i == 0 || rng.nextDouble() < 0.33 ? th * (1.1 + 0.9 * rng.nextDouble())
                        : th * (-0.5 + 1.3 * rng.nextDouble());
                p[LIF.TAU_SYN][i] = ts;
                p[LIF.TAU_MEM][i] = tm;
                p[LIF.BIAS][i] = b;
                p[LIF.THRESH][i] = th;
            }
            double[] w = new double[fan * n];
            for (int i = 0; i < n; i++) {
                // a PSP peaks at roughly w * min(1, ts/tm) (times ~1/e): scale so that a few inputs reach threshold
                double ts = p[LIF.TAU_SYN][i];
                double tm = p[LIF.TAU_MEM][i];
                double scale = p[LIF.THRESH][i] * 2.0 * Math.max(1.0, tm / ts) * (l == 0 ? 1.0 : 3.0 / fan);
                for (int j = 0; j < fan; j++) {
                    w[j * n + i] = scale * (-0.4 + 1.4 * rng.nextDouble());
                }
            }
            layers.add(new Layer(fan, n, w, p));
            fan = n;
        }
        return new NetCase(seed, new LIF(), inSize, layers, tEnd, randomInput(rng, inSize, tEnd));
    }

    /** A random 1-2 layer QIF network (taus in [2, 30] ms, biases of both signs, some tonically firing). */
    public static NetCase qif(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nLayers = 1 + rng.nextInt(2);
        int inSize = 2 + rng.nextInt(4);
        double tEnd = 30.0 + 30.0 * rng.nextDouble();
        List<Layer> layers = new ArrayList<>();
        int fan = inSize;
        for (int l = 0; l < nLayers; l++) {
            int n = 3 + rng.nextInt(4);
            double[][] p = new double[3][n];
            for (int i = 0; i < n; i++) {
                double tm = 2.0 + 28.0 * rng.nextDouble();
                p[QIF.TAU_SYN][i] = rng.nextInt(4) == 0 ? tm : 2.0 + 28.0 * rng.nextDouble();
                p[QIF.TAU_MEM][i] = tm;
                p[QIF.BIAS][i] = i == 0 || rng.nextDouble() < 0.3 ? 0.3 + 2.7 * rng.nextDouble()
                        : -0.3 * rng.nextDouble();
            }
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = (l == 0 ? 3.0 : 6.0 / fan) * (-0.3 + 1.3 * rng.nextDouble());
            }
            layers.add(new Layer(fan, n, w, p));
            fan = n;
        }
        return new NetCase(seed, new QIF(), inSize, layers, tEnd, randomInput(rng, inSize, tEnd));
    }

    /**
     * Random input: 1-4 spikes per channel in [0, 0.7 T], shuffled (any order is allowed); channel 0 has a spike at
     * exactly 0; channel 1 repeats one of channel 0's times (simultaneous inputs); some channels get a duplicate time,
     * a time beyond T (ignored) and +inf padding.
     */
    public static double[][] randomInput(SplittableRandom rng, int inSize, double tEnd) {
        double[][] in = new double[inSize][];
        for (int j = 0; j < inSize; j++) {
            List<Double> ts = new ArrayList<>();
            int c = 1 + rng.nextInt(4);
            for (int q = 0; q < c; q++) {
                ts.add(0.7 * tEnd * rng.nextDouble());
            }
            if (j == 0) {
                ts.add(0.0);
            }
            if (rng.nextInt(3) == 0) {
                ts.add(ts.get(0)); // duplicate within the channel: two jumps at once
            }
            if (rng.nextInt(3) == 0) {
                ts.add(tEnd + 1.0 + 10.0 * rng.nextDouble()); // outside the window: ignored
            }
            if (rng.nextInt(2) == 0) {
                ts.add(Double.POSITIVE_INFINITY);
            }
            in[j] = ts.stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (inSize > 1) {
            double[] c1 = Arrays.copyOf(in[1], in[1].length + 1);
            c1[c1.length - 1] = in[0][0]; // channel 0's first random time, before shuffling
            in[1] = c1;
        }
        for (double[] row : in) {
            shuffle(rng, row);
        }
        return in;
    }

    static void shuffle(SplittableRandom rng, double[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
