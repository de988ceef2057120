package org.eventprop4j.optim;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.eventprop4j.core.sim.LayerTrace;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;

/** Synthetic one-layer traces and finite differences in the output spike times. */
final class Traces {
    private Traces() {
    }

    /** A trace whose output layer emitted {@code out} (no input spikes recorded). */
    static Trace of(Spikes out) {
        return new Trace(List.of(new LayerTrace(Spikes.empty(), out, new double[out.size() * 2], 2)), out.size());
    }

    /** A trace with output spikes {@code perNeuron[k]} (each sorted; empty = silent). */
    static Trace of(double[]... perNeuron) {
        return of(Spikes.merge(perNeuron, null));
    }

    /**
     * Random output spikes: {@code n} neurons, each silent with probability {@code pSilent} (never those in
     * {@code mustFire}), else 1-3 spikes in [1, 40] ms, all spikes at least 0.05 ms apart.
     */
    static double[][] random(SplittableRandom rng, int n, double pSilent, int... mustFire) {
        while (true) {
            double[][] s = new double[n][];
            double[] all = new double[0];
            for (int k = 0; k < n; k++) {
                final int kk = k;
                boolean must = Arrays.stream(mustFire).anyMatch(m -> m == kk);
                int c = !must && rng.nextDouble() < pSilent ? 0 : 1 + rng.nextInt(3);
                s[k] = new double[c];
                for (int q = 0; q < c; q++) {
                    s[k][q] = 1 + 39 * rng.nextDouble();
                }
                Arrays.sort(s[k]);
                double[] merged = Arrays.copyOf(all, all.length + c);
                System.arraycopy(s[k], 0, merged, all.length, c);
                all = merged;
            }
            Arrays.sort(all);
            boolean ok = true;
            for (int q = 1; q < all.length; q++) {
                ok &= all[q] - all[q - 1] >= 0.05;
            }
            if (ok) {
                return s;
            }
        }
    }

    /**
     * Derivatives of {@code f} in every output spike time, aligned with the spikes: Richardson-extrapolated central
     * differences {@code (4 D(h/2) - D(h)) / 3} (error O(h^4)), so a moderate {@code h} (ms) keeps rounding small.
     */
    static double[] fd(Trace tr, ToDoubleFunction<Trace> f, double h) {
        Spikes out = tr.output();
        double[] d = new double[out.size()];
        for (int q = 0; q < out.size(); q++) {
            d[q] = (4 * central(out, q, f, h / 2) - central(out, q, f, h)) / 3;
        }
        return d;
    }

    private static double central(Spikes out, int q, ToDoubleFunction<Trace> f, double h) {
        double[] tp = out.times().clone();
        double[] tm = out.times().clone();
        tp[q] += h;
        tm[q] -= h;
        double fp = f.applyAsDouble(of(new Spikes(tp, out.sources())));
        double fm = f.applyAsDouble(of(new Spikes(tm, out.sources())));
        return (fp - fm) / (2 * h);
    }

    /**
     * Finite differences against exact derivatives: relative {@code rel}, entries far below the largest compared at
     * 1e-3 of it, plus an absolute allowance for the rounding of the differences ({@code 1e-14 max(|L|, 1) / h}:
     * the loss and its O(1) intermediate terms carry rounding errors of about 1e-16 of their size).
     */
    static void assertFd(double[] exact, double[] fd, double loss, double h, double rel, String what) {
        double max = 0;
        for (double e : exact) {
            max = Math.max(max, Math.abs(e));
        }
        for (int q = 0; q < exact.length; q++) {
            double tol = rel * Math.max(Math.abs(exact[q]), 1e-3 * max) + 1e-14 * Math.max(Math.abs(loss), 1.0) / h;
            org.junit.jupiter.api.Assertions.assertEquals(exact[q], fd[q], tol, what + " [" + q + "]");
        }
    }

    /** Relative comparison; entries far below the largest are compared at 1e-3 of it. */
    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        for (double e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        for (int q = 0; q < expected.length; q++) {
            double tol = rel * Math.max(Math.abs(expected[q]), 1e-3 * max);
            org.junit.jupiter.api.Assertions.assertEquals(expected[q], actual[q], tol, what + " [" + q + "]");
        }
    }
}
