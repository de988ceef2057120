package org.eventprop4j.core.sim;

import java.util.Arrays;

import org.eventprop4j.core.expr.BatchKernel;
import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.TracedModel;
import org.eventprop4j.core.ode.BatchDopri5;

/**
 * Simulates a whole layer of a numerically integrated (traced) model in lockstep: between two input events every
 * neuron of the layer advances with the same Dormand-Prince 5(4) steps, computed by batch kernels over channel-major
 * arrays, so the per-step work (stages, error control, threshold checks) is shared by the layer instead of repeated
 * per neuron, and the model's compiled equations run in one loop. Neurons of a layer share their input times and,
 * usually, their time constants, so a step that suits one suits the others: the step is accepted when every neuron's
 * own error norm is within the tolerance (the same test as for one neuron alone).
 *
 * <p>Spikes: after each accepted step the spike condition of every neuron is checked at the step's end and on the
 * dense output at most {@code solverStepsize} apart (a scalar quartic when the condition is affine in the state). For
 * a neuron with a check at or above threshold, the crossing is located on the step's dense output and polished with
 * Runge-Kutta steps from the step's start, as the single-neuron path does on its own steps; the neuron spikes, resets,
 * integrates the rest of the step alone ({@link NeuronSimulator#crossInStep}) and rejoins at the step's end. A neuron
 * that failed the step's error test (few did) redoes the step alone ({@link NeuronSimulator#runSegment}). After the
 * last input, a neuron that is provably silent ({@link NeuronModel#provablySilent}, or for exact affine steps
 * {@link AffineStepper#provablySilent}) leaves the layer for good.
 *
 * <p>A model whose dynamics and spike condition are both affine in the state takes exact steps instead of
 * Runge-Kutta steps ({@link AffineStepper}), with the same event handling around them.
 *
 * <p>Not thread-safe: one per thread.
 */
final class LayerFlow {

    private final NeuronModel model;
    private final ModelEvaluator ev;
    private final BatchKernel f;
    private final BatchKernel g;
    private final BatchKernel h;
    private final NeuronSimulator single;
    private final boolean affine;
    /** Exact steps, for dynamics and condition affine in the state (else null: Runge-Kutta steps). */
    private final AffineStepper exact;
    private final AffineStepper.Host host = new AffineStepper.Host() {
        @Override
        public void emit(int i, double[] y, double t) {
            load(i, p, ps, np);
            sink.currentNeuron = id[i];
            single.emitAt(y, ps, t, sink, budget, layer, id[i]);
        }

        @Override
        public void charge(long units, double t, double subStep) {
            if (!budget.work(units)) {
                throw new SimulationException("model " + model.name() + ": layer " + layer + " needed more than "
                        + budget.workCap() + " exact sub-steps in one sample (at t = " + t + " ms; sub-steps of "
                        + subStep + " ms, half the shortest time scale of its equations, 1 / ||A||): its time "
                        + "constants are very short for the window; lengthen them, shorten the window, or raise the "
                        + "cap (max_solver_steps)");
            }
        }
    };
    /** Whether the model can prove a neuron silent ({@link NeuronModel#hasSilenceTest()}). */
    private final boolean silenceTest;
    /** After the last input, silence is tested at least this often (ms). */
    private static final double SILENCE_CHUNK = 5.0;
    private final int nc;
    private final int np;
    private final double check;
    private final double tol;
    private final double tEnd;
    private final double[] ys;
    private final double[] ps;
    private final double[] gpS;
    /** The lockstep integrator: state {@code dp.y}, stages and error norms of the layer. */
    private final BatchDopri5 dp;
    private final BatchDopri5.BatchRhs rhs;
    private int cap;
    /** Stride of every channel-major array (the capacity). */
    private int s;
    private double[] tmp;
    /** Dense-output coefficients of the last accepted step, compact ({@link BatchDopri5#dense}). */
    private double[] dense;
    private double[] p;
    private double[] gv;
    private double[] gy;
    private double[] wRow;
    private boolean[] suspect;
    /** Per neuron: a threshold check fired in the last step, inside the bracket {@code [bA, bB]} of step fractions. */
    private boolean[] cross;
    private boolean[] found;
    private double[] bA;
    private double[] bGa;
    private double[] bB;
    private double[] bGb;
    private double[] gEnd;
    private double[] gPrevA;
    private double[] thPrevA;
    private final double[] coef;
    private int[] id;
    private int[] pos;

    LayerFlow(NeuronModel model, SimOptions opts) {
        this(model, opts, true);
    }

    /**
     * @param exactAffine whether a model whose dynamics and condition are affine in the state takes exact steps
     *                    ({@link AffineStepper}); false: Runge-Kutta steps as for any model (tests compare the two)
     */
    LayerFlow(NeuronModel model, SimOptions opts, boolean exactAffine) {
        TracedModel tm = model.tracedModel();
        if (tm == null) {
            throw new IllegalArgumentException("model " + model.name() + " is not traced");
        }
        this.model = model;
        this.ev = model.newEvaluator();
        BatchKernel[] k = tm.newLayerKernels();
        this.f = k[0];
        this.g = k[1];
        this.h = k[2];
        this.single = new NeuronSimulator(model, opts);
        this.affine = tm.conditionAffineInState();
        this.exact = exactAffine && affine && tm.dynamicsAffineInState()
                ? new AffineStepper(ev, model.channelCount(), model.params().size()) : null;
        this.silenceTest = model.hasSilenceTest();
        this.nc = model.channelCount();
        this.np = model.params().size();
        this.check = opts.solverStepsize();
        this.tol = opts.tolerance();
        this.tEnd = opts.maxSolverTime();
        this.ys = new double[nc];
        this.ps = new double[np];
        this.gpS = new double[np];
        this.dp = new BatchDopri5(nc);
        this.coef = new double[5 * nc];
        this.rhs = (t, z, dz, m, st) -> f.eval(z, p, null, dz, 0, m, st);
        ensure(16);
    }

    private void ensure(int n) {
        s = dp.ensure(n);
        if (s == cap) {
            return;
        }
        cap = s;
        tmp = new double[nc * cap];
        dense = new double[5 * nc * cap];
        p = new double[Math.max(1, np) * cap];
        gv = new double[cap];
        gy = new double[nc * cap];
        wRow = new double[cap];
        suspect = new boolean[cap];
        cross = new boolean[cap];
        found = new boolean[cap];
        bA = new double[cap];
        bGa = new double[cap];
        bB = new double[cap];
        bGb = new double[cap];
        gEnd = new double[cap];
        gPrevA = new double[cap];
        thPrevA = new double[cap];
        id = new int[cap];
        pos = new int[cap];
    }

    // layout: element c of the neuron at position i is at [c * s + i] (s = stride, the capacity)
    private int n;
    private int active;
    private SpikeBuffer sink;
    private EventBudget budget;
    private int layer;
    private double hCarry;
    /** Position of the neuron with the largest error norm in the last trial step. */
    private int worst;
    /** Neurons that failed the last accepted lockstep step (marked in {@code suspect}): they redo it alone. */
    private int failedCount;

    private void load(int i, double[] a, double[] into, int dim) {
        for (int c = 0; c < dim; c++) {
            into[c] = a[c * s + i];
        }
    }

    private void store(double[] from, double[] a, int i, int dim) {
        for (int c = 0; c < dim; c++) {
            a[c * s + i] = from[c];
        }
    }

    /** Moves the neuron at position {@code i} out of the active range. */
    private void retire(int i) {
        int j = active - 1;
        if (i != j) {
            BatchDopri5.swapColumns(dp.y, nc, s, i, j);
            BatchDopri5.swapColumns(p, np, s, i, j);
            BatchDopri5.swapColumns(gy, nc, s, i, j);
            int a = id[i];
            int b = id[j];
            id[i] = b;
            id[j] = a;
            pos[b] = i;
            pos[a] = j;
            if (exact != null) {
                exact.swap(i, j);
            }
        }
        active--;
    }

    void run(int layerIndex, Spikes input, double[] weights, int size, double[][] params, EventBudget b,
             SpikeBuffer buffer) {
        n = size;
        ensure(n);
        sink = buffer;
        budget = b;
        layer = layerIndex;
        hCarry = Double.NaN;
        active = n;
        for (int i = 0; i < n; i++) {
            id[i] = i;
            pos[i] = i;
            for (int k = 0; k < np; k++) {
                p[k * s + i] = params[k][i];
                ps[k] = params[k][i];
            }
            ev.init(ps, ys);
            single.checkInitial(ys, ps, layer, i);
            store(ys, dp.y, i, nc);
            if (affine) {
                ev.conditionGrad(ys, ps, tmp, gpS);
                store(tmp, gy, i, nc);
            }
        }
        if (exact != null) {
            exact.prepare(n, p, gy, s);
        }
        final double[] times = input.times();
        final int[] src = input.sources();
        final int nIn = times.length;
        double t = 0.0;
        int k = 0;
        while (true) {
            double stop = k < nIn ? times[k] : tEnd;
            if (k >= nIn && (silenceTest || exact != null)) {
                // after the last input, in chunks: a neuron may become provably silent only a while later
                stop = Math.min(tEnd, t + SILENCE_CHUNK);
            }
            if (k >= nIn) {
                for (int i = active - 1; i >= 0; i--) {
                    load(i, dp.y, ys, nc);
                    load(i, p, ps, np);
                    if (model.provablySilent(ys, ps, tEnd - t) || exact != null && exact.provablySilent(i, ys)) {
                        retire(i);
                    }
                }
            }
            if (active > 0 && stop > t) {
                if (exact != null) {
                    exact.integrate(t, stop, active, dp.y, gy, host);
                } else {
                    integrate(t, stop);
                }
            }
            t = stop;
            if (k < nIn) {
                int k0 = k;
                while (k < nIn && times[k] == stop) {
                    int row = src[k] * n;
                    for (int i = 0; i < active; i++) {
                        wRow[i] = weights[row + id[i]];
                    }
                    h.eval(dp.y, p, wRow, dp.y, 0, active, s);
                    k++;
                }
                if (k > k0) {
                    g.eval(dp.y, p, null, gv, 0, active, s);
                    // spikes triggered by the jumps, in neuron order (ties in a layer's trace are ordered by neuron)
                    for (int nid = 0; nid < n; nid++) {
                        int i = pos[nid];
                        if (i < active && gv[i] >= 0.0) {
                            load(i, dp.y, ys, nc);
                            load(i, p, ps, np);
                            sink.currentNeuron = nid;
                            single.emitAt(ys, ps, stop, sink, budget, layer, nid);
                            store(ys, dp.y, i, nc);
                        }
                    }
                }
            }
            if (k >= nIn && stop >= tEnd) {
                return;
            }
        }
    }

    private void charge(long units, double t) {
        if (!budget.work(units)) {
            throw new SimulationException("model " + model.name() + ": layer " + layer + ", neuron " + id[worst]
                    + " (the one that limits the layer's common step) needed more than "
                    + budget.workCap() + " integrator steps and threshold checks in one sample (at t = " + t
                    + " ms): the equations may be stiff or running away; raise solver_stepsize (now " + check
                    + " ms), loosen the tolerance (now " + tol + ") or raise the cap (max_solver_steps)");
        }
    }

    /** Advances every active neuron from {@code t0} to {@code t1} (no input in between), emitting spikes. */
    private void integrate(double t0, double t1) {
        final int m = active;
        dp.begin(rhs, t0, m);
        double hh = hCarry > 0.0 ? Math.min(hCarry, t1 - t0) : Math.min(0.05, t1 - t0);
        double t = t0;
        boolean rejected = false;
        while (true) {
            double rem = t1 - t;
            if (!(hh < rem)) {
                hh = rem;
            }
            double err = trial(t, hh, m);
            if (!(err <= 1.0)) {
                charge(m, t);
                double fac = Double.isNaN(err) || Double.isInfinite(err) ? 0.2
                        : Math.max(0.2, 0.9 * Math.pow(err, -0.2));
                hh *= fac;
                rejected = true;
                if (!(hh >= 1e-12 * Math.max(1.0, Math.abs(t)))) {
                    // lockstep cannot find a step: let each neuron go alone (precise errors come from there)
                    alone(t, t1 - t, m);
                    return;
                }
                continue;
            }
            boolean last = hh == rem;
            double fac = err == 0.0 ? 10.0 : Math.min(10.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
            if (rejected) {
                fac = Math.min(fac, 1.0);
            }
            // the step may grow on the passing neurons' errors even while a few fail: those redo it alone with their
            // own step control (a spike upswing), so holding the layer to their pace only multiplies lockstep steps
            // (Izhikevich: 67,000 -> 40,000 neuron-steps per sample for 3,500 -> 5,200 single-neuron steps)
            rejected = false;
            checks(t, hh, m);
            dp.accept();
            double next = hh * fac;
            if (!last) {
                hCarry = next;
            }
            if (last) {
                return;
            }
            t += hh;
            hh = next;
        }
    }

    /** Each active neuron alone from {@code t} over {@code gap}. */
    private void alone(double t, double gap, int m) {
        for (int i = 0; i < m; i++) {
            load(i, dp.y, ys, nc);
            load(i, p, ps, np);
            sink.currentNeuron = id[i];
            single.runSegment(ys, ps, t, gap, Double.NaN, sink, budget, layer, id[i]);
            store(ys, dp.y, i, nc);
        }
    }

    /**
     * The end-of-step and interior threshold checks of an accepted step {@code [t, t + hh]} (from {@code y} to
     * {@code yn}). A neuron whose check fires has its crossing located and polished on this step's dense output, spikes,
     * and integrates the rest of the step alone ({@link NeuronSimulator#crossInStep}); a neuron that failed the step's
     * error test redoes the whole step alone. Both rejoin at the step's end.
     */
    private void checks(double t, double hh, int m) {
        double ratio = hh / check;
        long q = ratio <= 1.0 ? 1 : (long) Math.ceil(Math.min(ratio, 9e15));
        charge(m * (q + 1), t);
        g.eval(dp.yn, p, null, gEnd, 0, m, s);
        boolean any = false;
        boolean crossing = false;
        for (int i = 0; i < m; i++) {
            // suspect already set: failed the step's error test (redo alone); cross: g at the end is at threshold
            cross[i] = !suspect[i] && !(gEnd[i] < 0.0);
            crossing |= cross[i];
            any |= suspect[i] || cross[i];
        }
        if (q > 1 || crossing) {
            g.eval(dp.y, p, null, gv, 0, m, s);      // g at the step's start (negative for every neuron)
            for (int i = 0; i < m; i++) {
                if (cross[i]) {
                    bracket(i, 0.0, gv[i], 1.0, gEnd[i]);
                }
            }
            // dense output (Hairer): y(th) = c0 + th (c1 + (1-th) (c2 + th (c3 + (1-th) c4))), compact stride m
            dp.dense(hh, m, dense, 0);
        }
        if (q > 1) {
            // interior checks, in time order: the first fraction at or above threshold closes the bracket
            if (affine) {
                for (int i = 0; i < m; i++) {
                    if (suspect[i]) {
                        continue;
                    }
                    double s2 = 0.0;
                    double s3 = 0.0;
                    double s4 = 0.0;
                    double s5 = 0.0;
                    for (int c = 0; c < nc; c++) {
                        double w = gy[c * s + i];
                        s2 += w * dense[(nc + c) * m + i];
                        s3 += w * dense[(2 * nc + c) * m + i];
                        s4 += w * dense[(3 * nc + c) * m + i];
                        s5 += w * dense[(4 * nc + c) * m + i];
                    }
                    double g0 = gv[i];
                    // upper bound of g on [0, 1] (th (1-th) <= 1/4, th^2 (1-th) <= 4/27), with a margin for
                    // rounding: below zero, no sample point can be at or above the threshold, so the samples are
                    // skipped (same result, no work; most steps of a neuron far from threshold)
                    double a3 = Math.abs(s3);
                    double a4 = Math.abs(s4);
                    double a5 = Math.abs(s5);
                    if (!cross[i] && g0 + Math.max(s2, 0.0) + 0.25 * a3 + (4.0 / 27.0) * a4 + 0.0625 * a5
                            + 1e-12 * (Math.abs(g0) + Math.abs(s2) + a3 + a4 + a5) < 0.0) {
                        continue;
                    }
                    double thPrev = 0.0;
                    double gPrev = g0;
                    boolean inside = false;
                    for (long j = 1; j < q; j++) {
                        double th = (double) j / q;
                        double t1 = 1.0 - th;
                        double gj = g0 + th * (s2 + t1 * (s3 + th * (s4 + t1 * s5)));
                        if (gj >= 0.0) {
                            bracket(i, thPrev, gPrev, th, gj);
                            inside = true;
                            any = true;
                            break;
                        }
                        thPrev = th;
                        gPrev = gj;
                    }
                    if (cross[i] && !inside) {
                        bA[i] = thPrev;
                        bGa[i] = gPrev;
                    }
                }
            } else {
                System.arraycopy(gv, 0, gPrevA, 0, m);
                Arrays.fill(thPrevA, 0, m, 0.0);
                Arrays.fill(found, 0, m, false);
                for (long j = 1; j < q; j++) {
                    double th = (double) j / q;
                    BatchDopri5.interpolate(dense, 0, nc, m, th, tmp, s);
                    g.eval(tmp, p, null, gv, 0, m, s);
                    for (int i = 0; i < m; i++) {
                        if (suspect[i] || found[i]) {
                            continue;
                        }
                        if (!(gv[i] < 0.0)) {
                            bracket(i, thPrevA[i], gPrevA[i], th, gv[i]);
                            found[i] = true;
                            any = true;
                        } else {
                            thPrevA[i] = th;
                            gPrevA[i] = gv[i];
                        }
                    }
                }
                for (int i = 0; i < m; i++) {
                    if (cross[i] && !found[i]) {
                        bA[i] = thPrevA[i];
                        bGa[i] = gPrevA[i];
                    }
                }
            }
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < m; i++) {
            if (!suspect[i] && !cross[i]) {
                continue;
            }
            load(i, dp.y, ys, nc);
            load(i, p, ps, np);
            sink.currentNeuron = id[i];
            if (suspect[i]) {
                single.runSegment(ys, ps, t, hh, hh, sink, budget, layer, id[i]);
            } else {
                for (int k = 0; k < 5; k++) {
                    for (int c = 0; c < nc; c++) {
                        coef[k * nc + c] = dense[(k * nc + c) * m + i];
                    }
                }
                single.crossInStep(ys, ps, t, hh, coef, bA[i], bGa[i], bB[i], bGb[i], sink, budget, layer, id[i]);
            }
            store(ys, dp.yn, i, nc);
            ev.dynamics(ys, ps, tmp);
            for (int c = 0; c < nc; c++) {
                dp.k7[c * s + i] = tmp[c];
            }
        }
    }

    /** Neuron {@code i} crosses between fractions {@code a} ({@code ga < 0}) and {@code b} ({@code gb >= 0}). */
    private void bracket(int i, double a, double ga, double b, double gb) {
        cross[i] = true;
        bA[i] = a;
        bGa[i] = ga;
        bB[i] = b;
        bGb[i] = gb;
    }

    /**
     * One Dormand-Prince 5(4) trial step of every active neuron ({@link BatchDopri5#trial}); returns the error norm
     * that decides the layer's step, after marking the neurons that failed their own test in {@code suspect}.
     */
    private double trial(double t, double hh, int m) {
        dp.trial(rhs, t, hh, m, tol);
        final double[] e2 = dp.err2;
        // neurons whose own error fails the step: if they are few, they redo the step alone (their fast phase, e.g.
        // a spike upswing, must not hold the whole layer to tiny steps); if many fail, the layer's step is rejected
        double big = 0.0;
        double bigPass = 0.0;
        worst = 0;
        int failed = 0;
        double limit = nc;                            // norm^2 * nc <= nc  <=>  norm <= 1
        for (int i = 0; i < m; i++) {
            double v = e2[i];
            boolean fail = !(v <= limit);
            suspect[i] = fail;
            if (fail) {
                failed++;
            } else if (v > bigPass) {
                bigPass = v;
            }
            if (!(v <= big)) {
                big = v;                              // NaN propagates: it is never <= big
                worst = i;
            }
        }
        failedCount = failed;
        if (failed > 0 && failed <= Math.max(1, m / 8) && m > 1) {
            return Math.sqrt(bigPass / nc);
        }
        if (failed > 0) {
            return Double.isNaN(big) ? Double.NaN : Math.max(Math.sqrt(big / nc), 1.0 + 1e-12);
        }
        return Math.sqrt(big / nc);
    }
}
