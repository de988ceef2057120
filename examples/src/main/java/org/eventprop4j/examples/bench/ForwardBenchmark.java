package org.eventprop4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.Stats;
import org.eventprop4j.examples.data.YinYang;

/**
 * Forward-pass benchmark on the Yin-Yang-sized 5-200-3 LIF network (shared/notes/performance.md): "init" weights
 * (W_hidden ~ N(1.5, 0.78), W_out ~ N(0.93, 0.1)) and "trained-like" ones (x 0.873 and x 0.27). Prints median
 * microseconds per sample over timed rounds, single-threaded (wall and CPU time of the calling thread, which is less
 * sensitive to other load) and with all cores, and spikes per sample.
 *
 * <p>Run: {@code java -cp ... org.eventprop4j.examples.bench.ForwardBenchmark [samples] [rounds]}.
 */
public final class ForwardBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ForwardBenchmark() {
    }

    static Layer layer(int fanIn, int size, double mean, double sd, double scale, SplittableRandom rng) {
        double[] w = new double[fanIn * size];
        for (int q = 0; q < w.length; q++) {
            w[q] = scale * (mean + sd * gaussian(rng));
        }
        double[][] p = new double[4][size];
        Arrays.fill(p[LIF.TAU_SYN], 5.0);
        Arrays.fill(p[LIF.TAU_MEM], 20.0);
        Arrays.fill(p[LIF.THRESH], 1.0);
        return new Layer(fanIn, size, w, p);
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * The benchmark network; {@code trainedLike} scales the weights as in performance.md.
     *
     * @param trainedLike whether to scale the hidden weights by 0.873 and the output weights by 0.27
     * @param threads     number of threads of the network's batch simulation
     * @param seed        seed of the random weights
     * @return a 5-200-3 LIF network, window 100 ms
     */
    public static FFEvNN network(boolean trainedLike, int threads, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Layer hidden = layer(5, 200, 1.5, 0.78, trainedLike ? 0.873 : 1.0, rng);
        Layer out = layer(200, 3, 0.93, 0.1, trainedLike ? 0.27 : 1.0, rng);
        return new FFEvNN(new LIF(), 5, List.of(hidden, out), SimOptions.of(100.0), threads);
    }

    /**
     * Encoded Yin-Yang inputs.
     *
     * @param n    number of samples
     * @param seed seed of the Yin-Yang generator
     * @return {@code n} encoded samples, each of shape [5][1] (spike times in ms)
     */
    public static List<double[][]> inputs(int n, long seed) {
        YinYang.Set set = YinYang.generate(n, seed);
        List<double[][]> in = new ArrayList<>();
        for (double[] p : set.xy()) {
            in.add(YinYang.encode(p[0], p[1]));
        }
        return in;
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int cores = Runtime.getRuntime().availableProcessors();
        List<double[][]> in = inputs(n, 42);
        System.out.printf("forward pass, 5-200-3 LIF, %d Yin-Yang samples per round, %d rounds (median)%n", n, rounds);
        for (boolean trained : new boolean[] {false, true}) {
            for (int threads : new int[] {1, cores}) {
                FFEvNN net = network(trained, threads, 7);
                double hidden = 0;
                double output = 0;
                double[] us = new double[rounds];
                double[] cpu = new double[rounds];
                for (int r = -3; r < rounds; r++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    List<Trace> tr = net.simulateBatch(in);
                    long t1 = System.nanoTime();
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    if (r >= 0) {
                        us[r] = (t1 - t0) / 1e3 / n;
                        cpu[r] = (c1 - c0) / 1e3 / n;
                    }
                    if (r == 0) {
                        for (Trace t : tr) {
                            hidden += t.spikes(0).size();
                            output += t.spikes(1).size();
                        }
                    }
                }
                System.out.printf("%-12s threads %d: %8.2f us/sample wall%s  (hidden %.1f, output %.1f spikes/sample)%n",
                        trained ? "trained-like" : "init", threads, Stats.median(us),
                        threads == 1 ? String.format(", %.2f us/sample CPU of the calling thread", Stats.median(cpu)) : "",
                        hidden / n, output / n);
            }
        }
    }
}
