package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EventProp gradients of random 2-layer LIF networks agree with finite differences to 1e-6 relative on every
 * parameter whose perturbation keeps spike counts: losses on first spikes, on all output spikes, and on sampled
 * states; taus equal, nearly equal, integer-ratio and independent; biases of both signs; repeated firing.
 */
class LifGradientPropertyTest {

    static LongStream seeds() {
        return LongStream.range(1, 17);
    }

    static double[] coef(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed + 99);
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            c[k] = rng.nextDouble() * 2 - 0.5;
        }
        return c;
    }

    static void assertAgrees(GradientCheck.Report r, double tol, String what) {
        assertTrue(r.compared() > 10, what + ": too few compared entries (" + r.compared() + ")\n" + r.table());
        for (GradientCheck.Entry e : r.entries()) {
            if (!e.skipped()) {
                assertTrue(e.error() <= tol, what + ": " + e + "\n" + r.table());
            }
        }
    }

    /** Drops output neurons that stay silent in some sample (first-spike loss is undefined there). */
    static double[] firstSpikeCoef(FFEvNN net, List<double[][]> in, double[] c) {
        double[] cc = c.clone();
        for (double[][] x : in) {
            double[] first = net.firstSpikeTimes(x);
            for (int k = 0; k < cc.length; k++) {
                if (Double.isInfinite(first[k])) {
                    cc[k] = 0.0;
                }
            }
        }
        return cc;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void firstSpikeLoss(long seed) {
        FFEvNN net = TestNets.lif(seed);
        List<double[][]> in = TestNets.inputs(seed, 3, 2, 40.0);
        double[] c = firstSpikeCoef(net, in, coef(seed, 3));
        GradientCheck.Report r = new GradientCheck(net, in, new CoefficientLoss(c)).run();
        assertAgrees(r, 1e-6, "seed " + seed + " first-spike loss " + Arrays.toString(c));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void allOutputSpikesLoss(long seed) {
        FFEvNN net = TestNets.lif(seed);
        List<double[][]> in = TestNets.inputs(seed, 3, 2, 40.0);
        GradientCheck.Report r = new GradientCheck(net, in, TestNets.allSpikes(coef(seed, 3))).run();
        assertAgrees(r, 1e-6, "seed " + seed + " all-spikes loss");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sampledStateLoss(long seed) {
        checkSampledStateLoss(TestNets.lif(seed), TestNets.inputs(seed, 3, 1, 40.0).get(0),
                new double[] {3.3, 11.7, 19.1, 27.9, 36.2}, seed, 1e-10, 1e-6, "seed " + seed + " sampled-state loss");
    }

    /**
     * L = sum of random coefficients times the last layer's states at {@code times}: EventProp (with sample errors)
     * against finite differences of {@code stateAt}.
     */
    static void checkSampledStateLoss(FFEvNN net, double[][] in, double[] times, long seed, double stopAt, double tol,
                                      String what) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nc = net.model().channelCount();
        double[][][] dy = new double[net.outSize()][times.length][nc];
        for (double[][] a : dy) {
            for (double[] b : a) {
                for (int c = 0; c < nc; c++) {
                    b[c] = rng.nextDouble() - 0.5;
                }
            }
        }
        Trace tr = net.simulate(in);
        Gradients g = new EventProp(net).backward(tr, new double[tr.output().size()], times, dy);
        GradientCheck.Report r = new GradientCheck(net, (n, traces) -> {
            traces.add(n.simulate(in));
            return stateLoss(n, in, times, dy);
        }, g).stopAt(stopAt).run();
        assertAgrees(r, tol, what);
    }

    static double stateLoss(FFEvNN net, double[][] in, double[] times, double[][][] dy) {
        double[][][] s = net.stateAt(in, times);
        double l = 0;
        for (int i = 0; i < s.length; i++) {
            for (int q = 0; q < times.length; q++) {
                for (int c = 0; c < s[i][q].length; c++) {
                    l += dy[i][q][c] * s[i][q][c];
                }
            }
        }
        return l;
    }
}
