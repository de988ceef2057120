package org.eventprop4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.ModelPresets;
import org.eventprop4j.examples.Stats;
import org.eventprop4j.optim.TtfsCrossEntropy;
import org.hipparchus.CalculusFieldElement;

/**
 * Cost of each neuron model on the Yin-Yang-sized 5-200-3 network: microseconds per sample for the forward pass and for
 * forward + backward (EventProp, every parameter's gradient, W&amp;P's TTFS cross-entropy on random labels), single
 * thread, Yin-Yang inputs ({@code 30 ms * (x, y, 1-x, 1-y)} and a bias spike at 0; window 100 ms). Models: LIF with its
 * closed form, LIF through the generic numerical path (a subclass re-declaring {@code dynamics}, so it is traced and
 * integrated like a user's model), QIF, EIF, Izhikevich, ALIF and the tutorial's FunkyNeuron, each with the
 * initialisation of {@link ModelPresets} (the one {@code ./evnn train --model} uses). Spikes per sample are printed
 * next to the times, since the cost grows with them, and so is the ratio to closed-form LIF.
 *
 * <p>Run: {@code java -cp ... org.eventprop4j.examples.bench.ModelBenchmark [samples] [seconds-per-cell] [tolerance] [models]
 * [compare]}; the tolerance defaults to each model's training tolerance ({@link ModelPresets.Preset#tolerance()};
 * {@code preset} says the same), a number sets it for every model; models is a
 * comma-separated subset (closed-form LIF, the reference of the ratios, always runs); {@code compare} adds a column with
 * the neuron-by-neuron backward pass ({@link EventProp#perNeuron()}) measured in the same run.
 */
public final class ModelBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ModelBenchmark() {
    }

    /** LIF whose dynamics are re-declared: the closed form is off, so it runs through the generic numerical path. */
    public static final class LifGeneric extends LIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
            out[I] = y[I].negate().divide(p[TAU_SYN]);
        }
    }

    /** Median CPU microseconds per sample of {@code work} over rounds lasting at least {@code seconds} in total. */
    static double measure(Runnable work, int n, double seconds) {
        // warm-up: at least two rounds and a quarter of the time (the closed form's rounds take ~2 ms, so a fixed
        // two rounds left its figure to the interpreter and a half-compiled JIT: +-50 % from run to run)
        long warm = System.nanoTime();
        for (int r = 0; r < 2 || (System.nanoTime() - warm) < seconds * 0.25e9 && r < 2000; r++) {
            work.run();
        }
        List<Double> us = new ArrayList<>();
        long start = System.nanoTime();
        while (us.size() < 3 || (System.nanoTime() - start) < seconds * 1e9 && us.size() < 2000) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            work.run();
            long c1 = THREADS.getCurrentThreadCpuTime();
            us.add((c1 - c0) / 1e3 / n);
        }
        double[] v = us.stream().mapToDouble(Double::doubleValue).toArray();
        return Stats.median(v);
    }

    /** Median CPU us per sample of forward + backward with {@code ep}. */
    private static double fwdBwd(FFEvNN net, EventProp ep, TtfsCrossEntropy loss, List<double[][]> in, int[] labels,
                                 double seconds) {
        int n = in.size();
        return measure(() -> {
            List<Trace> tr = net.simulateBatch(in);
            List<double[]> err = new ArrayList<>(tr.size());
            for (int b = 0; b < n; b++) {
                err.add(loss.spikeErrors(tr.get(b), labels[b]));
            }
            Gradients g = ep.backwardBatch(tr, err);
            if (g.samples() != n) {
                throw new IllegalStateException("lost samples");
            }
        }, n, seconds);
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        double tol = args.length > 2 && !args[2].equals("preset") ? Double.parseDouble(args[2]) : Double.NaN;
        List<double[][]> in = ForwardBenchmark.inputs(n, 42);
        int[] labels = new int[n];
        for (int b = 0; b < n; b++) {
            labels[b] = b % 3;
        }
        System.out.printf(Locale.ROOT, "5-200-3 networks, %d Yin-Yang samples, window 100 ms, tolerance %s, single "
                + "thread, median CPU us/sample (every parameter's gradient, TTFS loss)%n", n,
                Double.isNaN(tol) ? "of each model's training preset" : String.format(Locale.ROOT, "%.0e", tol));
        boolean compare = args.length > 4 && args[4].equals("compare");
        System.out.printf(Locale.ROOT, "%-20s %9s %7s %7s %6s %11s %8s %13s %8s%s%n", "model", "tolerance", "hidden",
                "output", "silent", "forward", "ratio", "fwd+backward", "ratio", compare ? "   per-neuron bwd" : "");
        double refF = Double.NaN;
        double refB = Double.NaN;
        List<String> names = new ArrayList<>(List.of("lif", "lif-generic"));
        names.addAll(List.of("qif", "eif", "izhikevich", "alif", "funky"));
        if (args.length > 3) {
            // a subset: lif (the reference of the ratios) always runs first
            List<String> pick = new ArrayList<>(List.of("lif"));
            for (String m : args[3].split(",")) {
                if (!names.contains(m)) {
                    throw new IllegalArgumentException("unknown model '" + m + "' (known: " + names + ")");
                }
                if (!pick.contains(m)) {
                    pick.add(m);
                }
            }
            names = pick;
        }
        for (String name : names) {
            FFEvNN.Builder b = (name.equals("lif-generic") ? ModelPresets.builder("lif", new LifGeneric(), 200, 3, 0)
                    : ModelPresets.builder(name, null, 200, 3, 0)).threads(1);
            FFEvNN net = (Double.isNaN(tol) ? b : b.tolerance(tol)).build();
            TtfsCrossEntropy loss = TtfsCrossEntropy.wunderlichPehle(3, net.options().maxSolverTime());
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
            double both = fwdBwd(net, ep, loss, in, labels, seconds);
            String extra = compare ? String.format(Locale.ROOT, " %17.1f",
                    fwdBwd(net, ep.perNeuron(), loss, in, labels, seconds)) : "";
            if (Double.isNaN(refF)) {
                refF = fwd;
                refB = both;
            }
            System.out.printf(Locale.ROOT, "%-20s %9s %7.1f %7.1f %5.0f%% %11.1f %7.1fx %13.1f %7.1fx%s%n", name,
                    net.model().closedForm() != null ? "closed" : String.format(Locale.ROOT, "%.0e",
                            net.options().tolerance()), hidden / n, output / n, 100.0 * silent / (3.0 * n), fwd,
                    fwd / refF, both, both / refB, extra);
        }
        System.out.println("hidden/output: spikes per sample; silent: share of output neurons without a spike; ratio: "
                + "to closed-form LIF in this run.");
    }
}
