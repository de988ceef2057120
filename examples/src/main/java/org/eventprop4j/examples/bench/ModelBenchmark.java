package org.eventprop4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.FirstSpikes;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.model.ALIF;
import org.eventprop4j.core.model.EIF;
import org.eventprop4j.core.model.FunkyNeuron;
import org.eventprop4j.core.model.Izhikevich;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.Stats;
import org.hipparchus.CalculusFieldElement;

/**
 * Cost of each built-in neuron model: microseconds per sample for the forward pass and for forward + backward
 * (EventProp, loss = sum of the first output spike times) on a 5-50-3 network, single-threaded, with random inputs
 * (one spike per input channel, uniform in [0, 30] ms; window 50 ms). Models: LIF with its closed form, LIF through
 * the generic numerical path (a subclass re-declaring {@code dynamics}), QIF, EIF, Izhikevich, ALIF and the tutorial's
 * FunkyNeuron. Numerically integrated models use the default solver step bound (0.5 ms) and tolerance (1e-12).
 * Weights and parameters are chosen per model so that the hidden layer fires a few spikes per sample and the outputs
 * fire; spikes per sample are printed next to the times, since the cost grows with them.
 *
 * <p>Prints a table with the median CPU time of the calling thread per sample (less sensitive to other load than wall
 * time) and the ratio to closed-form LIF. Run:
 * {@code java -cp ... org.eventprop4j.examples.bench.ModelBenchmark [samples] [seconds-per-cell]}.
 */
public final class ModelBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final double T_END = 50.0;

    private ModelBenchmark() {
    }

    /** LIF whose dynamics are re-declared: the closed form is off, so it runs through the generic numerical path. */
    static final class LifGeneric extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    /** One benchmarked configuration. */
    record Config(String name, Supplier<FFEvNN> net) {
    }

    static FFEvNN.Builder base(NeuronModel m, double wHidden, double sdHidden, double wOut, double sdOut) {
        return FFEvNN.builder(m).layers(50, 3).inSize(5).maxSolverTime(T_END).seed(7).threads(1)
                .gaussianWeights(0, wHidden, sdHidden).gaussianWeights(1, wOut, sdOut);
    }

    static List<Config> configs() {
        List<Config> c = new ArrayList<>();
        c.add(new Config("LIF (closed form)", () -> base(new LIF(), 1.5, 0.78, 0.5, 0.1).build()));
        c.add(new Config("LIF (generic path)", () -> base(new LifGeneric(), 1.5, 0.78, 0.5, 0.1).build()));
        c.add(new Config("QIF", () -> base(new QIF(), 1.5, 0.78, 0.5, 0.1).build()));
        c.add(new Config("EIF", () -> base(new EIF(), 1.5, 0.78, 0.8, 0.1).build()));
        c.add(new Config("Izhikevich", () -> base(new Izhikevich(), 8.0, 4.0, 2.0, 0.5).build()));
        c.add(new Config("ALIF", () -> base(new ALIF(), 1.5, 0.78, 0.5, 0.1).build()));
        c.add(new Config("FunkyNeuron", () -> base(new FunkyNeuron(), 0.4, 0.3, 0.1, 0.05).param("tau_mem", 1.0)
                .param("bias", 2.0).param("thresh", 0.8).build()));
        return c;
    }

    /** Random inputs: one spike per channel, uniform in [0, 30] ms. */
    static List<double[][]> inputs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[][]> in = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            double[][] x = new double[5][1];
            for (double[] ch : x) {
                ch[0] = 30.0 * rng.nextDouble();
            }
            in.add(x);
        }
        return in;
    }

    /** dL/dt of the output spikes for L = sum of the first spike times of the firing outputs. */
    static double[] firstSpikeErrors(Trace tr, int nOut) {
        double[] first = tr.output().firstTimes(nOut, Double.POSITIVE_INFINITY);
        double[] d = new double[nOut];
        for (int k = 0; k < nOut; k++) {
            d[k] = Double.isFinite(first[k]) ? 1.0 : 0.0;
        }
        return FirstSpikes.errors(tr, d);
    }

    /** Median CPU microseconds per sample of {@code work} over rounds lasting at least {@code seconds} in total. */
    static double measure(Runnable work, int n, double seconds) {
        work.run();                                       // warm-up
        work.run();
        List<Double> us = new ArrayList<>();
        long start = System.nanoTime();
        while (us.size() < 3 || (System.nanoTime() - start) < seconds * 1e9 && us.size() < 50) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            work.run();
            long c1 = THREADS.getCurrentThreadCpuTime();
            us.add((c1 - c0) / 1e3 / n);
        }
        double[] v = us.stream().mapToDouble(Double::doubleValue).toArray();
        return Stats.median(v);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        List<double[][]> in = inputs(n, 42);
        System.out.printf(Locale.ROOT, "5-50-3 networks, %d random samples (one input spike per channel in [0, 30] ms, "
                + "window %.0f ms), single thread, median CPU us/sample%n", n, T_END);
        System.out.printf(Locale.ROOT, "%-20s %8s %8s %5s %12s %8s %14s %8s%n", "model", "hidden", "output",
                "silent", "forward", "ratio", "fwd+backward", "ratio");
        double refF = Double.NaN;
        double refB = Double.NaN;
        for (Config c : configs()) {
            FFEvNN net = c.net().get();
            EventProp ep = new EventProp(net);
            List<Trace> probe = net.simulateBatch(in);
            double hidden = 0;
            double output = 0;
            int silent = 0;
            for (Trace t : probe) {
                hidden += t.spikes(0).size();
                output += t.output().size();
                for (double f : t.output().firstTimes(3, Double.POSITIVE_INFINITY)) {
                    silent += Double.isInfinite(f) ? 1 : 0;
                }
            }
            double fwd = measure(() -> net.simulateBatch(in), n, seconds);
            double both = measure(() -> {
                List<Trace> tr = net.simulateBatch(in);
                List<double[]> err = new ArrayList<>(tr.size());
                for (Trace t : tr) {
                    err.add(firstSpikeErrors(t, 3));
                }
                Gradients g = ep.backwardBatch(tr, err);
                if (g.samples() != n) {
                    throw new IllegalStateException("lost samples");
                }
            }, n, seconds);
            if (Double.isNaN(refF)) {
                refF = fwd;
                refB = both;
            }
            System.out.printf(Locale.ROOT, "%-20s %8.1f %8.1f %4.0f%% %12.1f %7.1fx %14.1f %7.1fx%n", c.name(),
                    hidden / n, output / n, 100.0 * silent / (3.0 * n), fwd, fwd / refF, both, both / refB);
        }
        System.out.println("hidden/output: spikes per sample; silent: share of output neurons without a spike.");
    }
}
