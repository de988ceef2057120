package org.eventprop4j.autodiff;

import java.util.Arrays;

import org.eventprop4j.core.expr.BatchKernel;
import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.ode.BatchDopri5;
import org.eventprop4j.core.ode.DenseTrajectory;
import org.eventprop4j.core.ode.Dopri5;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;

/**
 * The backward pass of {@link GeneralAdjoint} for many neurons of a layer at once, in lockstep: the same mathematics
 * (the adjoint {@code lam = dL/dy} integrated backward through the replayed trajectory, with the jump conditions at
 * input spikes and at the neuron's spike), but the replay and the adjoint of the neurons advance with shared steps
 * ({@link BatchDopri5} over the model's compiled batch kernels), so each stage is one tight loop over the layer instead
 * of a call per neuron.
 *
 * <p>It serves the common case where a neuron's backward pass ends at its first spike: the neuron's last spike that
 * carries an error is its first one (a TTFS loss on the output layer; a hidden layer whose neurons spike once), so
 * its replay from {@code t = 0} has no reset inside. Such a neuron is replayed in the lockstep up to the start of the
 * lockstep step that contains its spike, then alone to the spike (a "tail", recorded as dense output); the backward
 * pass starts there with the spike's jump condition, goes back alone over the tail and joins the lockstep adjoint.
 * A neuron whose replay fails the lockstep's error test while most pass (a fast phase of its own, such as the upswing
 * before its spike) goes on alone to its spike in the same way when no input comes first; otherwise it leaves and is
 * handed back to the caller for {@link GeneralAdjoint}, as are neurons this class does not take (see
 * {@link #eligible}).
 *
 * <p>Replay steps and tails are recorded on a tape (primitive arrays, grown once and reused); the backward pass walks
 * it in reverse. Inputs arrive at step boundaries (the lockstep integrates between input times), so the input jumps of
 * all neurons in the lockstep are batch VJPs. Not thread-safe: one per thread.
 */
final class LayerAdjoint {
    private static final double TANGENTIAL = 1e-12;
    private static final byte STEP = 0;
    private static final byte INPUT = 1;
    private static final byte TAIL = 2;
    private static final byte LEAVE = 3;

    private final NeuronModel model;
    private final ModelEvaluator ev;
    private final BatchKernel fK;
    private final BatchKernel vjpK;
    private final BatchKernel hK;
    private final BatchKernel hVjpK;
    private final int nc;
    private final int np;
    private final int dim;
    private final boolean paramGrads;
    private final double tol;
    private final BatchDopri5 rp;
    private final BatchDopri5 ad;
    private final Dopri5 tailFwd;
    private final Dopri5 tailBwd;
    private final DenseTrajectory tail;
    private final BatchDopri5.BatchRhs flowRhs;
    private final BatchDopri5.BatchRhs adjRhs;

    // per-neuron scratch
    private final double[] ys;
    private final double[] ps;
    private final double[] fPre;
    private final double[] gy;
    private final double[] gpp;
    private final double[] lam1;
    private final double[] yBar1;
    private final double[] pBar1;
    private final double[] z1;
    private final double[] yAt1;

    // layer scratch, channel-major with stride S
    private int cap;
    private int stride;
    private double[] p;
    private double[] yAt;
    private double[] x;
    private double[] out;
    private double[] pre;
    private double[] postL;
    private double[] fA;
    private double[] fB;
    private int[] id;
    private double[] u;
    private double[] uErr;
    private byte[] flag;

    // the tape
    private int nRec;
    private byte[] kind = new byte[64];
    private double[] rT = new double[64];
    private double[] rH = new double[64];
    private int[] rM = new int[64];
    private int[] rA = new int[64];
    private int[] rB = new int[64];
    private int[] rOff = new int[64];
    private int[] rS0 = new int[64];
    private int[] rS1 = new int[64];
    private double[] data = new double[4096];
    private int used;

    // backward state for the rhs
    private int stepOff;
    private int stepM;
    private double stepT;
    private double stepH;
    private double[] tailP;
    private int tailHint;
    /** Tells the tail's right-hand side which recorded step it reads (made once: no allocation per tail). */
    private final java.util.function.IntConsumer setTailHint = st -> tailHint = st;

    LayerAdjoint(NeuronModel model, SimOptions opts, boolean paramGrads) {
        this.model = model;
        this.ev = model.newEvaluator();
        BatchKernel[] k = model.tracedModel().newAdjointKernels(paramGrads);
        this.fK = k[0];
        this.vjpK = k[1];
        this.hK = k[2];
        this.hVjpK = k[3];
        this.nc = model.channelCount();
        this.np = model.params().size();
        this.paramGrads = paramGrads;
        this.dim = nc + (paramGrads ? np : 0);
        this.tol = opts.tolerance();
        this.rp = new BatchDopri5(nc);
        this.ad = new BatchDopri5(dim);
        this.tail = new DenseTrajectory(nc);
        this.ys = new double[nc];
        this.ps = new double[np];
        this.fPre = new double[nc];
        this.gy = new double[nc];
        this.gpp = new double[np];
        this.lam1 = new double[nc];
        this.yBar1 = new double[nc];
        this.pBar1 = new double[np];
        this.z1 = new double[dim];
        this.yAt1 = new double[nc];
        this.tailFwd = new Dopri5(nc, (t, z, dz) -> ev.dynamics(z, tailP, dz), tol, tol);
        this.tailBwd = new Dopri5(dim, this::tailAdjointRhs, tol, tol);
        this.flowRhs = (t, z, dz, m, s) -> fK.eval(z, p, null, dz, 0, m, s);
        this.adjRhs = this::adjointRhs;
    }

    /** Whether the model can take this path (its equations are traced, so batch kernels exist). */
    static boolean supports(NeuronModel m) {
        return m.tracedModel() != null && m.closedForm() == null;
    }

    /**
     * Whether neuron {@code i}'s backward pass can run here: it ends at the neuron's first spike ({@code until} is that
     * spike's time, after {@code t = 0}) and no input arrives at that very time (a spike an input jump triggers is
     * left to {@link GeneralAdjoint}).
     */
    static boolean eligible(double until, double[] ownTimes, int ownFrom, int ownTo, double[] inTimes) {
        if (!(until > 0.0) || until == Double.POSITIVE_INFINITY || ownTo <= ownFrom || ownTimes[ownFrom] != until) {
            return false;
        }
        return Arrays.binarySearch(inTimes, until) < 0;
    }

    private void ensure(int n) {
        int s1 = rp.ensure(n);
        int s2 = ad.ensure(n);
        if (s1 != s2) {
            throw new IllegalStateException("lockstep strides differ: " + s1 + " / " + s2);
        }
        stride = s1;
        if (cap != stride) {
            cap = stride;
            p = new double[Math.max(1, np) * cap];
            yAt = new double[nc * cap];
            x = new double[(1 + Math.max(nc, dim)) * cap];
            out = new double[(nc + np + 1) * cap];
            pre = new double[nc * cap];
            postL = new double[nc * cap];
            fA = new double[nc * cap];
            fB = new double[nc * cap];
            id = new int[cap];
            u = new double[cap];
            uErr = new double[cap];
            flag = new byte[cap];
        }
    }

    private int record(byte k, double t, double h, int m, int a, int b, int off) {
        if (nRec == kind.length) {
            int c = 2 * nRec;
            kind = Arrays.copyOf(kind, c);
            rT = Arrays.copyOf(rT, c);
            rH = Arrays.copyOf(rH, c);
            rM = Arrays.copyOf(rM, c);
            rA = Arrays.copyOf(rA, c);
            rB = Arrays.copyOf(rB, c);
            rOff = Arrays.copyOf(rOff, c);
            rS0 = Arrays.copyOf(rS0, c);
            rS1 = Arrays.copyOf(rS1, c);
        }
        kind[nRec] = k;
        rT[nRec] = t;
        rH[nRec] = h;
        rM[nRec] = m;
        rA[nRec] = a;
        rB[nRec] = b;
        rOff[nRec] = off;
        return nRec++;
    }

    private int reserve(int n) {
        if (used + n > data.length) {
            data = Arrays.copyOf(data, Math.max(used + n, 2 * data.length));
        }
        int off = used;
        used += n;
        return off;
    }

    /** Exchanges neurons at positions {@code i} and {@code j} in every per-position array of the replay. */
    private void swapReplay(int i, int j) {
        if (i == j) {
            return;
        }
        rp.swap(i, j);
        swapCommon(i, j);
    }

    private void swapCommon(int i, int j) {
        BatchDopri5.swapColumns(p, np, stride, i, j);
        int a = id[i];
        id[i] = id[j];
        id[j] = a;
        double v = u[i];
        u[i] = u[j];
        u[j] = v;
        v = uErr[i];
        uErr[i] = uErr[j];
        uErr[j] = v;
        byte f = flag[i];
        flag[i] = flag[j];
        flag[j] = f;
    }

    /**
     * Runs the backward pass of the neurons {@code nodes[0 .. count)} of a layer and adds their weight and parameter
     * gradients and the errors of the layer's input spikes. Neurons that left the lockstep are reported in
     * {@code left} (set to true): the caller runs them through {@link GeneralAdjoint}.
     *
     * @param own      the first spike time of each neuron (its {@code until}), by neuron index
     * @param ownError dL/dt of that spike, by neuron index
     * @return the number of tangential crossings met
     */
    int backward(int[] nodes, int count, double[] own, double[] ownError, Spikes input, double[] weights, int size,
                 double[][] params, double[] weightGrad, double[][] paramGrad, double[] inputErrors,
                 boolean[] left) {
        ensure(count);
        final int s = stride;
        nRec = 0;
        used = 0;
        tail.clear();
        for (int i = 0; i < count; i++) {
            int nid = nodes[i];
            id[i] = nid;
            u[i] = own[nid];
            uErr[i] = ownError[nid];
            flag[i] = 0;
            for (int k = 0; k < np; k++) {
                p[k * s + i] = params[k][nid];
                ps[k] = params[k][nid];
            }
            ev.init(ps, ys);
            for (int c = 0; c < nc; c++) {
                rp.y[c * s + i] = ys[c];
            }
        }
        replay(count, input, weights, size);
        return adjoint(count, input, weights, size, weightGrad, paramGrad, inputErrors, left);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // replay: forward in lockstep, recording steps, inputs and tails

    private void replay(int count, Spikes input, double[] weights, int size) {
        final int s = stride;
        final double[] times = input.times();
        final int[] src = input.sources();
        final int nIn = times.length;
        int m = count;
        int k = 0;
        double t = 0.0;
        double hCarry = Double.NaN;
        boolean k1Valid = false;
        while (m > 0) {
            double uMax = 0.0;
            for (int i = 0; i < m; i++) {
                uMax = Math.max(uMax, u[i]);
            }
            double nextIn = k < nIn ? times[k] : Double.POSITIVE_INFINITY;
            double stop = Math.min(nextIn, uMax);
            while (m > 0 && t < stop) {
                if (!k1Valid) {
                    rp.begin(flowRhs, t, m);
                    k1Valid = true;
                }
                double rem = stop - t;
                double hh = hCarry > 0.0 ? Math.min(hCarry, rem) : Math.min(0.05, rem);
                while (true) {
                    rp.trial(flowRhs, t, hh, m, tol);
                    double end = t + hh;
                    int failed = 0;
                    int finishing = 0;
                    double big = 0.0;
                    for (int i = 0; i < m; i++) {
                        if (u[i] <= end) {
                            flag[i] = 1;
                            finishing++;
                            continue;
                        }
                        double v = rp.err2[i];
                        if (!(v <= nc)) {
                            // a fast phase of its own (e.g. the upswing before its spike): alone to its spike if no
                            // input comes first, else neuron by neuron
                            flag[i] = (byte) (u[i] < nextIn ? 1 : 2);
                            failed++;
                        } else {
                            flag[i] = 0;
                            big = Math.max(big, v);
                        }
                    }
                    int going = m - finishing;
                    if (failed > 0 && !(failed <= Math.max(1, going / 8) && going > 1)) {
                        double worst = 0.0;
                        for (int i = 0; i < m; i++) {
                            if (flag[i] != 0 && u[i] > end) {
                                double v = rp.err2[i];
                                worst = Double.isNaN(v) || worst == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY
                                        : Math.max(worst, v);
                            }
                        }
                        double err = Math.sqrt(worst / nc);
                        double fac = Double.isFinite(err) ? Math.max(0.2, 0.9 * Math.pow(err, -0.2)) : 0.2;
                        hh *= fac;
                        if (!(hh >= 1e-12 * Math.max(1.0, t))) {
                            // no common step: every remaining neuron goes to the neuron-by-neuron path
                            for (int i = 0; i < m; i++) {
                                flag[i] = 2;
                            }
                            m = retire(m, t, hh);
                            break;
                        }
                        continue;
                    }
                    double err = Math.sqrt(big / nc);
                    double fac = err == 0.0 ? 10.0 : Math.min(10.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
                    if (failed > 0) {
                        fac = Math.min(fac, 1.0);
                    }
                    boolean last = hh == rem;
                    m = retire(m, t, hh);
                    if (m > 0) {
                        int off = reserve(5 * nc * m);
                        rp.dense(hh, m, data, off);
                        record(STEP, t, hh, m, 0, 0, off);
                    }
                    rp.accept();
                    if (!last) {
                        hCarry = hh * fac;
                    }
                    t = last ? stop : t + hh;
                    break;
                }
            }
            if (m == 0) {
                break;
            }
            // t == stop == an input time (every neuron left has its spike later)
            while (k < nIn && times[k] == t) {
                int off = reserve(nc * m);
                for (int c = 0; c < nc; c++) {
                    System.arraycopy(rp.y, c * s, data, off + c * m, m);
                }
                int row = src[k] * size;
                for (int i = 0; i < m; i++) {
                    x[i] = weights[row + id[i]];
                }
                hK.eval(rp.y, p, x, rp.y, 0, m, s);
                record(INPUT, t, 0.0, m, k, 0, off);
                k++;
                k1Valid = false;
            }
        }
    }

    /**
     * Takes the neurons flagged in the last trial out of the lockstep (to the end of the active range): flag 1 =
     * finishing (its spike lies in this step: tail from {@code t} to the spike), flag 2 = leaving for the
     * neuron-by-neuron path. Returns the new active count.
     */
    private int retire(int m, double t, double hh) {
        final int s = stride;
        for (int i = m - 1; i >= 0; i--) {
            if (flag[i] == 0) {
                continue;
            }
            int j = m - 1;
            swapReplay(i, j);
            if (flag[j] == 1) {
                for (int c = 0; c < nc; c++) {
                    ys[c] = rp.y[c * s + j];
                }
                for (int k = 0; k < np; k++) {
                    ps[k] = p[k * s + j];
                }
                int s0 = tail.size();
                integrateTail(t, u[j], hh);
                int off = reserve(nc);
                System.arraycopy(ys, 0, data, off, nc);
                int r = record(TAIL, t, u[j] - t, j, i, j, off);
                rS0[r] = s0;
                rS1[r] = tail.size();
            } else {
                record(LEAVE, t, 0.0, j, i, j, 0);
            }
            m--;
        }
        return m;
    }

    /** One neuron alone from {@code ys} at {@code t0} to {@code t1}, recorded in {@link #tail}; leaves the state in ys. */
    private void integrateTail(double t0, double t1, double hFirst) {
        if (!(t1 > t0)) {
            return;
        }
        tailP = ps;
        tailFwd.start(t0, ys);
        double hTry = Math.min(hFirst, t1 - t0);
        while (true) {
            double t = tailFwd.t();
            double rem = t1 - t;
            double next;
            try {
                next = tailFwd.step(hTry, rem);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("model " + model.name() + ": replay failed: " + e.getMessage(), e);
            }
            boolean last = tailFwd.h() == rem;
            tail.add(tailFwd, t);
            tailFwd.accept();
            hTry = next;
            if (last) {
                System.arraycopy(tailFwd.z(), 0, ys, 0, nc);
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // adjoint: backward over the tape

    /** dz/dt = -(f_y^T lam, f_p^T lam) at the interpolated forward state of the current step. */
    private void adjointRhs(double t, double[] z, double[] dz, int m, int s) {
        double th = stepH == 0.0 ? 0.0 : (t - stepT) / stepH;
        BatchDopri5.interpolate(data, stepOff, nc, stepM, th, yAt, s);
        vjpK.eval(yAt, p, z, dz, 0, m, s);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                dz[i] = -dz[i];
            }
        }
    }

    private void tailAdjointRhs(double t, double[] zz, double[] dz) {
        tail.interpolateIn(tailHint, t, yAt1);
        if (paramGrads) {
            ev.dynamicsVjp(yAt1, tailP, zz, yBar1, pBar1);
            for (int k = 0; k < np; k++) {
                dz[nc + k] = -pBar1[k];
            }
        } else {
            ev.dynamicsVjpState(yAt1, tailP, zz, yBar1);
        }
        for (int c = 0; c < nc; c++) {
            dz[c] = -yBar1[c];
        }
    }

    private static double dot(double[] a, double[] b) {
        double v = 0.0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * b[i];
        }
        return v;
    }

    private int adjoint(int count, Spikes input, double[] weights, int size, double[] weightGrad,
                        double[][] paramGrad, double[] inputErrors, boolean[] left) {
        final int s = stride;
        final int[] src = input.sources();
        for (int c = 0; c < dim; c++) {
            Arrays.fill(ad.y, c * s, c * s + count, 0.0);
        }
        int tangential = 0;
        double carry = Double.NaN;
        boolean k1Valid = false;
        int lastM = -1;
        for (int r = nRec - 1; r >= 0; r--) {
            switch (kind[r]) {
                case STEP -> {
                    int m = rM[r];
                    stepOff = rOff[r];
                    stepM = m;
                    stepT = rT[r];
                    stepH = rH[r];
                    double t = stepT + stepH;
                    if (!k1Valid || m != lastM) {
                        ad.begin(adjRhs, t, m);
                    }
                    double hh = carry > 0.0 ? carry : stepH;
                    boolean rejected = false;
                    while (true) {
                        double rem = t - stepT;
                        boolean cut = !(hh < rem);
                        double hUse = cut ? rem : hh;
                        double err = Math.sqrt(ad.trial(adjRhs, t, -hUse, m, tol) / dim);
                        if (!(err <= 1.0)) {
                            double fac = Double.isFinite(err) ? Math.max(0.2, 0.9 * Math.pow(err, -0.2)) : 0.2;
                            hh = hUse * fac;
                            rejected = true;
                            if (!(hh >= 1e-12 * Math.max(1.0, t))) {
                                throw new IllegalStateException("model " + model.name()
                                        + ": adjoint step size underflow at t = " + t + " ms");
                            }
                            continue;
                        }
                        double fac = err == 0.0 ? 10.0 : Math.min(10.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
                        if (rejected) {
                            fac = Math.min(fac, 1.0);
                        }
                        rejected = false;
                        ad.accept();
                        double next = hUse * fac;
                        if (!cut || !(carry > 0.0)) {
                            carry = next;
                        }
                        if (cut) {
                            break;
                        }
                        t -= hUse;
                        hh = next;
                    }
                    k1Valid = true;
                    lastM = m;
                }
                case INPUT -> {
                    inputJump(r, src, weights, size, weightGrad, inputErrors);
                    k1Valid = false;
                }
                case TAIL -> {
                    tangential += joinTail(r);
                    int i = rA[r];
                    int j = rB[r];
                    swapAdjoint(i, j);
                    k1Valid = false;
                }
                default -> {
                    int i = rA[r];
                    int j = rB[r];
                    for (int c = 0; c < dim; c++) {
                        ad.y[c * s + j] = 0.0;
                    }
                    left[id[j]] = true;
                    swapAdjoint(i, j);
                    k1Valid = false;
                }
            }
        }
        // t = 0: the initial state's dependence on the parameters; leavers are excluded (their lam is zero)
        for (int i = 0; i < count && paramGrads; i++) {
            int nid = id[i];
            if (left[nid]) {
                continue;
            }
            for (int c = 0; c < nc; c++) {
                lam1[c] = ad.y[c * s + i];
            }
            for (int k = 0; k < np; k++) {
                ps[k] = p[k * s + i];
            }
            ev.initVjp(ps, lam1, pBar1);
            for (int k = 0; k < np; k++) {
                paramGrad[k][nid] += ad.y[(nc + k) * s + i] + pBar1[k];
            }
        }
        return tangential;
    }

    private void swapAdjoint(int i, int j) {
        if (i == j) {
            return;
        }
        BatchDopri5.swapColumns(ad.y, dim, stride, i, j);
        swapCommon(i, j);
    }

    /** The jump conditions of the input spike of record {@code r} for every neuron in the lockstep at that time. */
    private void inputJump(int r, int[] src, double[] weights, int size, double[] weightGrad, double[] inputErrors) {
        final int s = stride;
        final int m = rM[r];
        final int k = rA[r];
        final int off = rOff[r];
        final int row = src[k] * size;
        for (int c = 0; c < nc; c++) {
            System.arraycopy(data, off + c * m, pre, c * s, m);
        }
        for (int i = 0; i < m; i++) {
            x[i] = weights[row + id[i]];
        }
        hK.eval(pre, p, x, postL, 0, m, s);
        fK.eval(pre, p, null, fA, 0, m, s);
        fK.eval(postL, p, null, fB, 0, m, s);
        for (int c = 0; c < nc; c++) {
            System.arraycopy(ad.y, c * s, x, (1 + c) * s, m);
        }
        hVjpK.eval(pre, p, x, out, 0, m, s);
        double err = 0.0;
        for (int i = 0; i < m; i++) {
            weightGrad[row + id[i]] += out[(nc + np) * s + i];
        }
        for (int c = 0; c < nc; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                // lam+ . (h_y f(y-) - f(y+)) = (h_y^T lam+) . f(y-) - lam+ . f(y+)
                err += out[i] * fA[i] - ad.y[i] * fB[i];
                ad.y[i] = out[i];
            }
        }
        if (paramGrads) {
            for (int q = 0; q < np; q++) {
                int o = (nc + q) * s;
                for (int i = 0; i < m; i++) {
                    ad.y[o + i] += out[o + i];
                }
            }
        }
        inputErrors[k] += err;
    }

    /**
     * A neuron joins the backward pass: the jump condition of its spike (nothing flows back from after it), then its
     * adjoint alone back over its tail, into its column.
     */
    private int joinTail(int r) {
        final int s = stride;
        final int j = rB[r];
        final int off = rOff[r];
        int tangential = 0;
        System.arraycopy(data, off, ys, 0, nc);
        for (int k = 0; k < np; k++) {
            ps[k] = p[k * s + j];
        }
        // lam+ = 0: Q = dL/dt_k; lam- = -Q g_y / den, dL/dp += -Q g_p / den with den = g_y . f(y-)
        ev.dynamics(ys, ps, fPre);
        ev.conditionGrad(ys, ps, gy, gpp);
        double den = dot(gy, fPre);
        double q = uErr[j];
        Arrays.fill(z1, 0.0);
        if (Math.abs(den) <= TANGENTIAL * Math.sqrt(dot(gy, gy) * dot(fPre, fPre))) {
            tangential++;
        } else {
            double kk = q / den;
            for (int c = 0; c < nc; c++) {
                z1[c] = -kk * gy[c];
            }
            if (paramGrads) {
                for (int k = 0; k < np; k++) {
                    z1[nc + k] = -kk * gpp[k];
                }
            }
        }
        int s0 = rS0[r];
        int s1 = rS1[r];
        if (s1 > s0) {
            tailP = ps;
            try {
                tailBwd.integrateBackOver(tail, s0, s1, z1, setTailHint);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("model " + model.name() + ": adjoint integration failed: "
                        + e.getMessage(), e);
            }
            System.arraycopy(tailBwd.z(), 0, z1, 0, dim);
        }
        for (int c = 0; c < dim; c++) {
            ad.y[c * s + j] = z1[c];
        }
        return tangential;
    }
}
