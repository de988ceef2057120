package org.eventprop4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.Stats;
import org.eventprop4j.examples.data.FashionMnist;
import org.eventprop4j.optim.TtfsCrossEntropy;
import org.eventprop4j.optim.train.Dataset;

/**
 * Speed at Fashion-MNIST size: 784-350-10 LIF (the defaults of {@code ./evnn train --dataset fashion-mnist}) on real
 * Fashion-MNIST images (latency code over 10 ms, window 60 ms; from Debian's dataset-fashion-mnist) or, where absent,
 * synthetic images with the same number of input spikes (~380). Prints, for 1 thread: median CPU microseconds per
 * sample for the forward pass and for forward + backward (weights only, TTFS loss), spikes per sample; then the wall
 * time per sample of forward + backward over a batch on all cores and the resulting seconds for a 60,000-sample
 * epoch. Run: {@code java -cp ... org.eventprop4j.examples.bench.FashionBenchmark [samples]}.
 */
public final class FashionBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FashionBenchmark() {
    }

    static List<double[][]> inputs(int n) {
        if (Files.isDirectory(FashionMnist.DEBIAN_DIR)) {
            Dataset d = FashionMnist.load(FashionMnist.DEBIAN_DIR, 5000, 1, 10.0, n).train();
            return d.inputs();
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] px = new int[784];
            for (int q = 0; q < 784; q++) {
                px[q] = r.nextDouble() < 0.5 ? 0 : r.nextInt(256);
            }
            out.add(FashionMnist.encode(px, 10.0));
        }
        return out;
    }

    static FFEvNN net(int threads) {
        return FFEvNN.builder(new LIF()).layers(350, 10).inSize(784).maxSolverTime(60).seed(0).tsyn(5).tmem(20)
                .thresh(1).gaussianWeights(0, 0.02, 0.1).gaussianWeights(1, 0.1, 0.1).threads(threads).build();
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<double[][]> in = inputs(n);
        FFEvNN one = net(1);
        TtfsCrossEntropy loss = TtfsCrossEntropy.wunderlichPehle(10, 60);
        EventProp ep = new EventProp(one).weightsOnly();
        double inSpikes = 0;
        double hidden = 0;
        double out = 0;
        for (double[][] x : in) {
            Trace t = one.simulate(x);
            inSpikes += t.layers().get(0).input().size();
            hidden += t.spikes(0).size();
            out += t.output().size();
        }
        System.out.printf(Locale.ROOT, "784-350-10 LIF, %d %s samples: %.0f input / %.1f hidden / %.1f output spikes "
                + "per sample%n", n, Files.isDirectory(FashionMnist.DEBIAN_DIR) ? "Fashion-MNIST" : "synthetic",
                inSpikes / n, hidden / n, out / n);
        List<Double> fwd = new ArrayList<>();
        List<Double> both = new ArrayList<>();
        for (int rep = 0; rep < 7; rep++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (double[][] x : in) {
                one.simulate(x);
            }
            long c1 = THREADS.getCurrentThreadCpuTime();
            Gradients g = new Gradients(one);
            for (int b = 0; b < n; b++) {
                Trace t = one.simulate(in.get(b));
                ep.accumulate(t, loss.spikeErrors(t, b % 10), g);
            }
            long c2 = THREADS.getCurrentThreadCpuTime();
            if (rep >= 2) {
                fwd.add((c1 - c0) / 1e3 / n);
                both.add((c2 - c1) / 1e3 / n);
            }
        }
        double f = Stats.median(fwd.stream().mapToDouble(Double::doubleValue).toArray());
        double fb = Stats.median(both.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "1 thread: forward %.0f us, forward + backward %.0f us per sample (median CPU "
                + "time)%n", f, fb);
        int cores = Runtime.getRuntime().availableProcessors();
        FFEvNN all = net(cores);
        EventProp epAll = new EventProp(all).weightsOnly();
        List<Double> wall = new ArrayList<>();
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            List<Trace> tr = all.simulateBatch(in);
            List<double[]> err = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                err.add(loss.spikeErrors(tr.get(b), b % 10));
            }
            epAll.backwardBatch(tr, err, 8);
            if (rep >= 1) {
                wall.add((System.nanoTime() - t0) / 1e3 / n);
            }
        }
        double w = Stats.median(wall.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "%d threads: forward + backward %.0f us per sample (median wall time) -> %.1f s "
                + "for 60,000 samples (without the optimiser step and validation)%n", cores, w, w * 60000 / 1e6);
        System.exit(0);
    }
}
