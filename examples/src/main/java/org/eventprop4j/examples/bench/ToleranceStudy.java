package org.eventprop4j.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.ModelPresets;
import org.eventprop4j.optim.TtfsCrossEntropy;

/**
 * Accuracy against the integrator tolerance: for numerically integrated models on 5-30-3 Yin-Yang networks (presets of
 * {@link ModelPresets}), the largest spike-time difference to the same network at tolerance 1e-12 and the error of the
 * EventProp gradient (every weight and parameter, TTFS loss), relative to the largest gradient entry, with the
 * forward + backward time per sample. The gradient error is given twice: for the batch's summed gradient, and the
 * worst single sample (each sample's gradient against its own 1e-12 gradient, relative to that gradient's largest
 * entry), the stricter measure. The 1e-12 gradients themselves agree with finite differences to 1e-5 and better (the
 * model gradient tests). Run: {@code java -cp ... org.eventprop4j.examples.bench.ToleranceStudy [samples]
 * [tolerances] [models]} (comma-separated lists; default 1e-5 ... 1e-10 and every numerical built-in; {@code lif-generic}
 * is LIF through the generic numerical path, as in {@link ModelBenchmark}).
 */
public final class ToleranceStudy {
    private ToleranceStudy() {
    }

    /**
     * The worst sample of a gradient comparison.
     *
     * @param sample index of the sample
     * @param error  its largest gradient difference relative to its reference gradient's largest entry
     */
    public record Worst(int sample, double error) {
    }

    /**
     * Each sample's own EventProp gradient ({@link Gradients#toArray()}), TTFS loss with label {@code b % 3} for
     * sample {@code b}.
     *
     * @param net    the network
     * @param traces its traces, one per sample
     * @param loss   the loss
     * @return one gradient array per sample
     */
    public static List<double[]> sampleGradients(FFEvNN net, List<Trace> traces, TtfsCrossEntropy loss) {
        EventProp ep = new EventProp(net);
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < traces.size(); b++) {
            Trace t = traces.get(b);
            out.add(ep.backwardBatch(List.of(t), List.of(loss.spikeErrors(t, b % 3))).toArray());
        }
        return out;
    }

    /**
     * The sample whose gradient is farthest from its reference, relative to the reference's largest entry (samples
     * with an all-zero reference are skipped).
     *
     * @param grads per-sample gradients
     * @param refs  per-sample reference gradients, same shapes
     * @return the worst sample (index -1 and error 0 if none counts)
     */
    public static Worst worstSample(List<double[]> grads, List<double[]> refs) {
        Worst w = new Worst(-1, 0.0);
        for (int b = 0; b < refs.size(); b++) {
            double scale = maxAbs(refs.get(b));
            if (scale > 0) {
                double e = maxAbsDiff(grads.get(b), refs.get(b)) / scale;
                if (e > w.error()) {
                    w = new Worst(b, e);
                }
            }
        }
        return w;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<double[][]> in = ForwardBenchmark.inputs(n, 42);
        double[] tols = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToDouble(Double::parseDouble)
                .toArray() : new double[] {1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
        System.out.printf(Locale.ROOT, "5-30-3 Yin-Yang networks, %d samples; errors against tolerance 1e-12%n", n);
        System.out.printf(Locale.ROOT, "%-11s %9s %14s %12s %14s %16s %12s%n", "model", "tolerance", "spike time err",
                "spike count", "grad rel err", "worst sample err", "us/sample");
        List<String> models = args.length > 2 ? List.of(args[2].split(","))
                : List.of("qif", "eif", "alif", "izhikevich", "funky");
        for (String model : models) {
            // "lif-generic": LIF through the generic numerical path (a user's subclass), with LIF's preset
            FFEvNN ref = (model.equals("lif-generic")
                    ? ModelPresets.builder("lif", new ModelBenchmark.LifGeneric(), 30, 3, 1)
                    : ModelPresets.builder(model, null, 30, 3, 1)).threads(1).tolerance(1e-12).build();
            TtfsCrossEntropy loss = TtfsCrossEntropy.wunderlichPehle(3, 100.0);
            List<Trace> refTr = ref.simulateBatch(in);
            List<double[]> refErr = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                refErr.add(loss.spikeErrors(refTr.get(b), b % 3));
            }
            double[] gRef = new EventProp(ref).backwardBatch(refTr, refErr).toArray();
            double gMax = maxAbs(gRef);
            List<double[]> refOne = sampleGradients(ref, refTr, loss);
            for (double tol : tols) {
                FFEvNN net = new FFEvNN(ref.model(), 5, ref.layers(), ref.options().withTolerance(tol), 1);
                List<Trace> tr = null;
                Gradients g = null;
                long t0 = System.nanoTime();
                int reps = 3;
                for (int r = 0; r < reps; r++) {
                    tr = net.simulateBatch(in);
                    List<double[]> err = new ArrayList<>();
                    for (int b = 0; b < n; b++) {
                        err.add(loss.spikeErrors(tr.get(b), b % 3));
                    }
                    g = new EventProp(net).backwardBatch(tr, err);
                }
                double us = (System.nanoTime() - t0) / 1e3 / (reps * n);
                double dt = 0;
                int countDiff = 0;
                for (int b = 0; b < n; b++) {
                    for (int l = 0; l < 2; l++) {
                        Spikes a = tr.get(b).spikes(l);
                        Spikes c = refTr.get(b).spikes(l);
                        if (a.size() != c.size()) {
                            countDiff++;
                            continue;
                        }
                        for (int i = 0; i < a.size(); i++) {
                            dt = Math.max(dt, Math.abs(a.times()[i] - c.times()[i]));
                        }
                    }
                }
                double ge = maxAbsDiff(g.toArray(), gRef) / gMax;
                double worst = worstSample(sampleGradients(net, tr, loss), refOne).error();
                System.out.printf(Locale.ROOT, "%-11s %9.0e %14.2e %12s %14.2e %16.2e %12.0f%n", model, tol, dt,
                        countDiff == 0 ? "same" : countDiff + " differ", ge, worst, us);
            }
        }
    }
}
