package org.eventprop4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;

/** Seeded random networks, inputs and losses for gradient tests. */
final class TestNets {
    private TestNets() {
    }

    /** A 2-layer network of {@code model} (LIF: with thresholds) with taus drawn per {@code seed}. */
    static FFEvNN twoLayer(NeuronModel model, long seed, int inSize, int hidden, int out, double tEnd) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int fan = inSize;
        int[] sizes = {hidden, out};
        int mode = (int) (seed % 4);
        for (int l = 0; l < 2; l++) {
            int n = sizes[l];
            double[] w = new double[fan * n];
            for (int q = 0; q < w.length; q++) {
                w[q] = l == 0 ? 1.2 + (rng.nextDouble() - 0.3) * 2.0 : 0.8 + (rng.nextDouble() - 0.4) * 1.5;
            }
            double[][] p = new double[model.params().size()][n];
            for (int i = 0; i < n; i++) {
                double ts = 2.0 + 8.0 * rng.nextDouble();
                double tm = switch (mode) {
                    case 0 -> ts;                               // equal taus
                    case 1 -> 4.0 * ts;                         // integer ratio (fast kernel when shared)
                    case 2 -> ts * (1 + 1e-9);                  // nearly equal
                    default -> 3.0 + 25.0 * rng.nextDouble();   // independent
                };
                if (mode == 1) {
                    ts = 5.0;
                    tm = 20.0;
                }
                p[0][i] = ts;
                p[1][i] = tm;
                p[2][i] = rng.nextDouble() * 0.8 - 0.3;        // bias of both signs
                if (model.paramIndex("thresh") == 3) {
                    p[3][i] = 0.6 + 0.6 * rng.nextDouble();
                    if (i == 0 && l == 0) {
                        p[2][i] = p[3][i] * 1.3;                // a tonically firing neuron
                    }
                }
            }
            layers.add(new Layer(fan, n, w, p));
            fan = n;
        }
        return new FFEvNN(model, inSize, layers, SimOptions.of(tEnd), 1);
    }

    static FFEvNN lif(long seed) {
        return twoLayer(new LIF(), seed, 3, 5, 3, 40.0);
    }

    /** Random inputs: a few spikes per channel in the first half of the window. */
    static List<double[][]> inputs(long seed, int inSize, int samples, double tEnd) {
        SplittableRandom rng = new SplittableRandom(seed * 7919 + 1);
        List<double[][]> all = new ArrayList<>();
        for (int b = 0; b < samples; b++) {
            double[][] in = new double[inSize][];
            for (int j = 0; j < inSize; j++) {
                int k = 1 + rng.nextInt(3);
                in[j] = new double[k];
                for (int q = 0; q < k; q++) {
                    in[j][q] = rng.nextDouble() * tEnd * 0.5;
                }
            }
            all.add(in);
        }
        return all;
    }

    /** Loss on every output spike: {@code sum_i c_i sum_m (m + 1) t_{i,m}}. */
    static SpikeLoss allSpikes(double[] c) {
        return new SpikeLoss() {
            @Override
            public double value(Trace trace) {
                double[] e = spikeErrors(trace);
                double l = 0;
                for (int q = 0; q < e.length; q++) {
                    l += e[q] * trace.output().times()[q];
                }
                return l;
            }

            @Override
            public double[] spikeErrors(Trace trace) {
                Spikes out = trace.output();
                int[] seen = new int[c.length];
                double[] e = new double[out.size()];
                for (int q = 0; q < out.size(); q++) {
                    int s = out.sources()[q];
                    e[q] = c[s] * (++seen[s]);
                }
                return e;
            }
        };
    }

    /** Two input spikes per channel, one in [0, 10) ms and one in [10, 20) ms, drawn from {@code seed}. */
    static double[][] twoSpikeInputs(long seed, int channels) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] in = new double[channels][];
        for (int c = 0; c < channels; c++) {
            in[c] = new double[] {rng.nextDouble(0, 10), rng.nextDouble(10, 20)};
        }
        return in;
    }
}
