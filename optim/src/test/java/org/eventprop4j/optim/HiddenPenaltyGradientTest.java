package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.GradientCheck;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loss on hidden spikes ({@link EarlySpikePenalty#hiddenErrors}, handed to
 * {@link EventProp#backward(Trace, double[], double[][])}): EventProp agrees with finite differences on every
 * parameter, and without the hidden errors it does not (so the hook carries the gradient); the weights-only path gives
 * the same weight gradients.
 */
class HiddenPenaltyGradientTest {

    static FFEvNN net(long seed) {
        return FFEvNN.builder(new LIF()).layers(10, 3).inSize(4).maxSolverTime(60).seed(seed).tsyn(5).tmem(20)
                .thresh(1).gaussianWeights(0, 2.2, 0.8).gaussianWeights(1, 1.1, 0.3).threads(1).build();
    }

    static List<double[][]> inputs(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 13 + 1);
        List<double[][]> all = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            double[][] in = new double[4][];
            for (int j = 0; j < 4; j++) {
                double t = 25 * rng.nextDouble();
                in[j] = new double[] {t, t + 2 + 10 * rng.nextDouble()};
            }
            all.add(in);
        }
        return all;
    }

    /** Output: penalty on all output spikes; hidden: penalty on all hidden spikes. */
    static final EarlySpikePenalty OUT = new EarlySpikePenalty(0.4, 8.0);
    static final EarlySpikePenalty HIDDEN = new EarlySpikePenalty(0.25, 15.0);

    static Gradients analytic(EventProp ep, FFEvNN net, List<double[][]> in, boolean withHidden) {
        Gradients g = new Gradients(net);
        for (double[][] x : in) {
            Trace tr = net.simulate(x);
            g.add(ep.backward(tr, OUT.spikeErrors(tr), withHidden ? HIDDEN.hiddenErrors(tr) : null));
        }
        return g;
    }

    static GradientCheck.Report check(FFEvNN net, List<double[][]> in, Gradients g) {
        GradientCheck.Objective objective = (n, traces) -> {
            double sum = 0;
            for (double[][] x : in) {
                Trace tr = n.simulate(x);
                traces.add(tr);
                sum += OUT.value(tr) + HIDDEN.hiddenValue(tr);
            }
            return sum;
        };
        return new GradientCheck(net, objective, g).run();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void agreesWithFiniteDifferences(long seed) {
        FFEvNN net = net(seed);
        List<double[][]> in = inputs(seed);
        int hidden = 0;
        for (double[][] x : in) {
            hidden += net.simulate(x).layers().get(0).output().size();
        }
        assertTrue(hidden > 3, "seed " + seed + ": too few hidden spikes (" + hidden + ")");
        GradientCheck.Report r = check(net, in, analytic(new EventProp(net), net, in, true));
        assertTrue(r.compared() > 20, "seed " + seed + ": too few compared entries\n" + r.table());
        assertTrue(r.worstError() <= 1e-5, "seed " + seed + "\n" + r.table());
        // without the hidden spike errors the gradient is wrong: the hook carries the penalty's gradient
        GradientCheck.Report without = check(net, in, analytic(new EventProp(net), net, in, false));
        assertTrue(without.worstError() > 1e-3, "seed " + seed + ": the hidden penalty made no difference\n"
                + without.table());
        System.out.printf("hidden penalty, seed %d: %d hidden spikes, worst error %.2e over %d entries (%.2e without "
                + "the hidden errors)%n", seed, hidden, r.worstError(), r.compared(), without.worstError());
        // the replay-free weights-only path gives the same weight gradients
        Gradients all = analytic(new EventProp(net), net, in, true);
        Gradients w = analytic(new EventProp(net).weightsOnly(), net, in, true);
        for (int l = 0; l < 2; l++) {
            double[] a = all.layer(l).weights();
            double[] b = w.layer(l).weights();
            for (int q = 0; q < a.length; q++) {
                assertEquals(a[q], b[q], 1e-9 * Math.max(1e-3, Math.abs(a[q])), "seed " + seed + " layer " + l);
            }
        }
    }

    @Test
    void wrongShapesAreRejected() {
        FFEvNN net = net(1);
        Trace tr = net.simulate(inputs(1).get(0));
        EventProp ep = new EventProp(net);
        double[] out = OUT.spikeErrors(tr);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ep.backward(tr, out, new double[2][]));
        assertTrue(e.getMessage().contains("one entry per hidden layer"), e.getMessage());
        int n = tr.layers().get(0).output().size();
        e = assertThrows(IllegalArgumentException.class, () -> ep.backward(tr, out, new double[][] {new double[n + 1]}));
        assertTrue(e.getMessage().contains("expected one per spike"), e.getMessage());
        double[] nan = new double[n];
        nan[0] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> ep.backward(tr, out, new double[][] {nan}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
