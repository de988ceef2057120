package org.eventprop4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.Stats;
import org.eventprop4j.examples.data.YinYang;
import org.eventprop4j.optim.TtfsCrossEntropy;

/**
 * Forward + backward benchmark on the Yin-Yang-sized 5-200-3 LIF network with the W&amp;P TTFS loss
 * ({@link TtfsCrossEntropy#wunderlichPehle}: alpha 0.003, tau0 0.5 ms, tau1 6.4 ms), "init" and "trained-like" workloads of shared/notes/performance.md.
 * Prints median microseconds per sample (batch simulation + batch backward pass, summed gradients), single-threaded
 * (wall and CPU time of the calling thread) and with all cores.
 */
public final class GradientBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GradientBenchmark() {
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
        YinYang.Set set = YinYang.generate(n, 42);
        List<double[][]> in = ForwardBenchmark.inputs(n, 42);
        System.out.printf("forward + backward (TTFS loss), 5-200-3 LIF, %d Yin-Yang samples per round, %d rounds "
                + "(median)%n", n, rounds);
        for (boolean weightsOnly : new boolean[] {false, true}) {
          System.out.println(weightsOnly ? "gradients of the weights only (as W&P train):"
                  : "gradients of every weight and neuron parameter (tau_syn, tau_mem, bias, thresh):");
          for (boolean trained : new boolean[] {false, true}) {
            for (int threads : new int[] {1, cores}) {
                FFEvNN net = ForwardBenchmark.network(trained, threads, 7);
                TtfsCrossEntropy loss = TtfsCrossEntropy.wunderlichPehle(3, net.options().maxSolverTime());
                EventProp ep = weightsOnly ? new EventProp(net).weightsOnly() : new EventProp(net);
                double[] us = new double[rounds];
                double[] cpu = new double[rounds];
                for (int r = -3; r < rounds; r++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    List<Trace> tr = net.simulateBatch(in);
                    List<double[]> err = new ArrayList<>(n);
                    for (int b = 0; b < n; b++) {
                        err.add(loss.spikeErrors(tr.get(b), set.labels()[b]));
                    }
                    Gradients g = ep.backwardBatch(tr, err);
                    long t1 = System.nanoTime();
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    if (g.samples() != n) {
                        throw new IllegalStateException("lost samples");
                    }
                    if (r >= 0) {
                        us[r] = (t1 - t0) / 1e3 / n;
                        cpu[r] = (c1 - c0) / 1e3 / n;
                    }
                }
                System.out.printf("%-12s threads %d: %8.2f us/sample wall%s%n", trained ? "trained-like" : "init",
                        threads, Stats.median(us),
                        threads == 1 ? String.format(", %.2f us/sample CPU of the calling thread",
                                Stats.median(cpu)) : "");
            }
          }
        }
    }
}
