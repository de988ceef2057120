package org.eventprop4j.core.sim;

import static org.eventprop4j.core.ode.Dp5Tableau.*;

import java.util.Arrays;

import org.eventprop4j.core.expr.BatchKernel;
import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.TracedModel;

/**
 * Simulates a whole layer of a numerically integrated (traced) model in lockstep: between two input events every
 * neuron of the layer advances with the same Dormand-Prince 5(4) steps, computed by batch kernels over channel-major
 * arrays, so the per-step work (stages, error control, threshold checks) is shared by the layer instead of repeated
 * per neuron, and the model's compiled equations run in one loop. Neurons of a layer share their input times and,
 * usually, their time constants, so a step that suits one suits the others: the step is accepted when every neuron's
 * own error norm is within the tolerance (the same test as for one neuron alone).
 *
 * <p>Spikes: after each accepted step the spike condition of every neuron is checked at the step's end and on the
 * dense output at most {@code solverStepsize} apart (a scalar quartic when the condition is affine in the state). A
 * neuron with a check at or above threshold leaves the lockstep for that step: {@link NeuronSimulator#runSegment}
 * integrates it alone over the step with crossing location and polish, emits its spikes and resets, and the neuron
 * rejoins at the step's end. So spike times are located exactly as on the single-neuron path. After the last input, a
 * neuron that is provably silent ({@link NeuronModel#provablySilent}) leaves the layer for good.
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
    private int cap;
    private double[] y;
    private double[] yn;
    private double[] k1;
    private double[] k2;
    private double[] k3;
    private double[] k4;
    private double[] k5;
    private double[] k6;
    private double[] k7;
    private double[] tmp;
    private double[] p;
    private double[] gv;
    private double[] gy;
    private double[] wRow;
    private double[] r2;
    private double[] r3;
    private double[] r4;
    private double[] r5;
    private boolean[] suspect;
    private int[] id;
    private int[] pos;

    LayerFlow(NeuronModel model, SimOptions opts) {
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
        this.silenceTest = model.hasSilenceTest();
        this.nc = model.channelCount();
        this.np = model.params().size();
        this.check = opts.solverStepsize();
        this.tol = opts.tolerance();
        this.tEnd = opts.maxSolverTime();
        this.ys = new double[nc];
        this.ps = new double[np];
        this.gpS = new double[np];
        ensure(16);
    }

    private void ensure(int n) {
        if (n <= cap) {
            return;
        }
        cap = Math.max(n, 2 * cap);
        y = new double[nc * cap];
        yn = new double[nc * cap];
        k1 = new double[nc * cap];
        k2 = new double[nc * cap];
        k3 = new double[nc * cap];
        k4 = new double[nc * cap];
        k5 = new double[nc * cap];
        k6 = new double[nc * cap];
        k7 = new double[nc * cap];
        tmp = new double[nc * cap];
        r2 = new double[nc * cap];
        r3 = new double[nc * cap];
        r4 = new double[nc * cap];
        r5 = new double[nc * cap];
        p = new double[Math.max(1, np) * cap];
        gv = new double[cap];
        gy = new double[nc * cap];
        wRow = new double[cap];
        suspect = new boolean[cap];
        id = new int[cap];
        pos = new int[cap];
    }

    // layout: element c of the neuron at position i is at [c * n + i] (n = layer size, fixed per run)
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
            into[c] = a[c * n + i];
        }
    }

    private void store(double[] from, double[] a, int i, int dim) {
        for (int c = 0; c < dim; c++) {
            a[c * n + i] = from[c];
        }
    }

    private static void swap(double[] a, int dim, int n, int i, int j) {
        for (int c = 0; c < dim; c++) {
            double t = a[c * n + i];
            a[c * n + i] = a[c * n + j];
            a[c * n + j] = t;
        }
    }

    /** Moves the neuron at position {@code i} out of the active range. */
    private void retire(int i) {
        int j = active - 1;
        if (i != j) {
            swap(y, nc, n, i, j);
            swap(p, np, n, i, j);
            swap(gy, nc, n, i, j);
            int a = id[i];
            int b = id[j];
            id[i] = b;
            id[j] = a;
            pos[b] = i;
            pos[a] = j;
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
                p[k * n + i] = params[k][i];
                ps[k] = params[k][i];
            }
            ev.init(ps, ys);
            single.checkInitial(ys, ps, layer, i);
            store(ys, y, i, nc);
            if (affine) {
                ev.conditionGrad(ys, ps, tmp, gpS);
                store(tmp, gy, i, nc);
            }
        }
        final double[] times = input.times();
        final int[] src = input.sources();
        final int nIn = times.length;
        double t = 0.0;
        int k = 0;
        while (true) {
            double stop = k < nIn ? times[k] : tEnd;
            if (k >= nIn && silenceTest) {
                // after the last input, in chunks: a neuron may become provably silent only a while later
                stop = Math.min(tEnd, t + SILENCE_CHUNK);
            }
            if (k >= nIn) {
                for (int i = active - 1; i >= 0; i--) {
                    load(i, y, ys, nc);
                    load(i, p, ps, np);
                    if (model.provablySilent(ys, ps, tEnd - t)) {
                        retire(i);
                    }
                }
            }
            if (active > 0 && stop > t) {
                integrate(t, stop);
            }
            t = stop;
            if (k < nIn) {
                int k0 = k;
                while (k < nIn && times[k] == stop) {
                    int row = src[k] * n;
                    for (int i = 0; i < active; i++) {
                        wRow[i] = weights[row + id[i]];
                    }
                    h.eval(y, p, wRow, y, 0, active, n);
                    k++;
                }
                if (k > k0) {
                    g.eval(y, p, null, gv, 0, active, n);
                    // spikes triggered by the jumps, in neuron order (ties in a layer's trace are ordered by neuron)
                    for (int nid = 0; nid < n; nid++) {
                        int i = pos[nid];
                        if (i < active && gv[i] >= 0.0) {
                            load(i, y, ys, nc);
                            load(i, p, ps, np);
                            sink.currentNeuron = nid;
                            single.emitAt(ys, ps, stop, sink, budget, layer, nid);
                            store(ys, y, i, nc);
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
        f.eval(y, p, null, k1, 0, m, n);
        double hh = hCarry > 0.0 ? Math.min(hCarry, t1 - t0) : Math.min(0.05, t1 - t0);
        double t = t0;
        boolean rejected = false;
        while (true) {
            double rem = t1 - t;
            if (!(hh < rem)) {
                hh = rem;
            }
            double err = trial(hh, m);
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
            if (rejected || failedCount > 0) {
                fac = Math.min(fac, 1.0);            // no growth while some neuron fails (it goes alone meanwhile)
            }
            rejected = false;
            checks(t, hh, m);
            double[] s = y;
            y = yn;
            yn = s;
            s = k1;
            k1 = k7;
            k7 = s;
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
            load(i, y, ys, nc);
            load(i, p, ps, np);
            sink.currentNeuron = id[i];
            single.runSegment(ys, ps, t, gap, Double.NaN, sink, budget, layer, id[i]);
            store(ys, y, i, nc);
        }
    }

    /**
     * The end-of-step and interior threshold checks of an accepted step {@code [t, t + hh]} (from {@code y} to
     * {@code yn}); neurons that reach threshold redo the step alone with crossing location and resets.
     */
    private void checks(double t, double hh, int m) {
        double ratio = hh / check;
        long q = ratio <= 1.0 ? 1 : (long) Math.ceil(Math.min(ratio, 9e15));
        charge(m * (q + 1), t);
        g.eval(yn, p, null, gv, 0, m, n);
        boolean any = false;
        for (int i = 0; i < m; i++) {
            suspect[i] |= !(gv[i] < 0.0);            // already set: failed the step's error test
            any |= suspect[i];
        }
        if (q > 1) {
            // dense output coefficients (Hairer): y(th) = y + th (r2 + (1-th) (r3 + th (r4 + (1-th) r5)))
            for (int c = 0; c < nc; c++) {
                int o = c * n;
                for (int i = o; i < o + m; i++) {
                    double diff = yn[i] - y[i];
                    double bspl = hh * k1[i] - diff;
                    r2[i] = diff;
                    r3[i] = bspl;
                    r4[i] = diff - hh * k7[i] - bspl;
                    r5[i] = hh * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
                }
            }
            if (affine) {
                g.eval(y, p, null, gv, 0, m, n);     // g at the step's start
                for (int i = 0; i < m; i++) {
                    if (suspect[i]) {
                        continue;
                    }
                    double s2 = 0.0;
                    double s3 = 0.0;
                    double s4 = 0.0;
                    double s5 = 0.0;
                    for (int c = 0; c < nc; c++) {
                        int o = c * n + i;
                        double w = gy[o];
                        s2 += w * r2[o];
                        s3 += w * r3[o];
                        s4 += w * r4[o];
                        s5 += w * r5[o];
                    }
                    double g0 = gv[i];
                    for (long j = 1; j < q; j++) {
                        double th = (double) j / q;
                        double t1 = 1.0 - th;
                        if (g0 + th * (s2 + t1 * (s3 + th * (s4 + t1 * s5))) >= 0.0) {
                            suspect[i] = true;
                            any = true;
                            break;
                        }
                    }
                }
            } else {
                for (long j = 1; j < q; j++) {
                    double th = (double) j / q;
                    double t1 = 1.0 - th;
                    for (int c = 0; c < nc; c++) {
                        int o = c * n;
                        for (int i = o; i < o + m; i++) {
                            tmp[i] = y[i] + th * (r2[i] + t1 * (r3[i] + th * (r4[i] + t1 * r5[i])));
                        }
                    }
                    g.eval(tmp, p, null, gv, 0, m, n);
                    for (int i = 0; i < m; i++) {
                        if (!(gv[i] < 0.0)) {
                            suspect[i] = true;
                            any = true;
                        }
                    }
                }
            }
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < m; i++) {
            if (!suspect[i]) {
                continue;
            }
            load(i, y, ys, nc);
            load(i, p, ps, np);
            sink.currentNeuron = id[i];
            single.runSegment(ys, ps, t, hh, hh, sink, budget, layer, id[i]);
            store(ys, yn, i, nc);
            ev.dynamics(ys, ps, tmp);
            for (int c = 0; c < nc; c++) {
                k7[c * n + i] = tmp[c];
            }
        }
    }


    /**
     * One Dormand-Prince 5(4) trial step of every active neuron into {@code yn}, {@code k7}; returns the largest of
     * the neurons' error norms (each the RMS over its channels, as for a single neuron).
     */
    private double trial(double hh, int m) {
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * A21 * k1[i];
            }
        }
        f.eval(tmp, p, null, k2, 0, m, n);
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A31 * k1[i] + A32 * k2[i]);
            }
        }
        f.eval(tmp, p, null, k3, 0, m, n);
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
            }
        }
        f.eval(tmp, p, null, k4, 0, m, n);
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
            }
        }
        f.eval(tmp, p, null, k5, 0, m, n);
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
            }
        }
        f.eval(tmp, p, null, k6, 0, m, n);
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = o; i < o + m; i++) {
                yn[i] = y[i] + hh * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
            }
        }
        f.eval(yn, p, null, k7, 0, m, n);
        // per-neuron error norms, accumulated channel by channel into gv
        Arrays.fill(gv, 0, m, 0.0);
        for (int c = 0; c < nc; c++) {
            int o = c * n;
            for (int i = 0; i < m; i++) {
                int x = o + i;
                double e = hh * (E1 * k1[x] + E3 * k3[x] + E4 * k4[x] + E5 * k5[x] + E6 * k6[x] + E7 * k7[x]);
                double sk = tol + tol * Math.max(Math.abs(y[x]), Math.abs(yn[x]));
                double r = e / sk;
                gv[i] += r * r;
            }
        }
        // neurons whose own error fails the step: if they are few, they redo the step alone (their fast phase, e.g.
        // a spike upswing, must not hold the whole layer to tiny steps); if many fail, the layer's step is rejected
        double big = 0.0;
        double bigPass = 0.0;
        worst = 0;
        int failed = 0;
        double limit = nc;                            // norm^2 * nc <= nc  <=>  norm <= 1
        for (int i = 0; i < m; i++) {
            double v = gv[i];
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
