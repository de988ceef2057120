package org.eventprop4j.autodiff;

import java.util.Arrays;

import org.eventprop4j.core.model.ModelEvaluator;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.ode.DenseTrajectory;
import org.eventprop4j.core.ode.Dopri5;
import org.eventprop4j.core.sim.NeuronSimulator;
import org.eventprop4j.core.sim.SimOptions;

/**
 * EventProp adjoint for any {@link NeuronModel}, with every derivative an exact vector-Jacobian product of the model's
 * own equations ({@link ModelEvaluator}: compiled from the traced equations by symbolic reverse-mode differentiation,
 * or forward-mode AD for a model that cannot be traced). In the convention {@code lam = dL/dy}:
 * <pre>
 *   between events (backward in time):  dlam/dt = -(df/dy)^T lam,   dL/dp += int lam . df/dp dt
 *   at a sample:                        lam += dphi/dy
 *   at an input spike of weight w:      dL/dw += lam+ . dh/dw,  dL/dp += lam+ . dh/dp,
 *                                       dL/dt_in += lam+ . (h_y f(y-) - f(y+)),  lam- = h_y^T lam+
 *   at an own spike k:                  Q = lam+ . (r_y f(y-) - f(y+)) + dL/dt_k,  den = g_y . f(y-)
 *                                       lam- = r_y^T lam+ - Q g_y / den,  dL/dp += lam+ . r_p - Q g_p / den
 *   at t = 0:                           dL/dp += lam(0) . dy0/dp
 * </pre>
 * The forward trajectory of each inter-event segment is the dense output that the replay recorded
 * ({@link DenseTrajectory}); the adjoint and the parameter integrals are integrated backward over it with
 * {@link Dopri5} at the simulation's tolerance. A tangential crossing ({@code |den|} below 1e-12 of
 * {@code |g_y| |f(y-)|}) has an unbounded derivative: its {@code Q} term is dropped and counted. A spike triggered by an
 * input jump (the jump itself pushes the state over threshold) happens at the input's time: its {@code dL/dt} is
 * passed to that input spike, and no crossing term applies.
 */
final class GeneralAdjoint implements NeuronAdjoint {
    private static final double TANGENTIAL = 1e-12;

    private final NeuronModel model;
    private final ModelEvaluator ev;
    private final int nc;
    private final int np;
    private final boolean paramGrads;
    private final Dopri5 backward;
    // scratch
    private final double[] lam;
    private final double[] gp;
    private final double[] z;
    private final double[] yAt;
    private final double[] yBar;
    private final double[] pBar;
    private final double[] fPre;
    private final double[] fPost;
    private final double[] gy;
    private final double[] gpp;
    private final double[] pre;
    private final double[] post;
    private double[] params;
    private DenseTrajectory traj;
    private int segFrom;
    private int segTo;
    private int hint;
    /** Tells the right-hand sides which recorded step they read (made once: no allocation per segment). */
    private final java.util.function.IntConsumer setHint = st -> hint = st;

    private final NeuronSimulator replayer;
    private final Timeline timeline;

    /**
     * @param paramGrads whether neuron-parameter gradients are wanted; without them only the adjoint state is
     *                   integrated (dimension C instead of C + P, and the VJP of the state alone)
     */
    GeneralAdjoint(NeuronModel model, SimOptions opts, NeuronSimulator replayer, boolean paramGrads) {
        this.model = model;
        this.replayer = replayer;
        // the replay's flows are the forward trajectories the adjoint needs: keep them instead of integrating again
        replayer.recordDense(true);
        this.timeline = new Timeline(model.channelCount());
        this.ev = model.newEvaluator();
        this.nc = model.channelCount();
        this.np = model.params().size();
        this.paramGrads = paramGrads;
        double tol = opts.tolerance();
        this.backward = paramGrads ? new Dopri5(nc + np, this::adjointRhs, tol, tol)
                : new Dopri5(nc, this::stateAdjointRhs, tol, tol);
        lam = new double[nc];
        gp = new double[np];
        z = new double[nc + np];
        yAt = new double[nc];
        yBar = new double[nc];
        pBar = new double[np];
        fPre = new double[nc];
        fPost = new double[nc];
        gy = new double[nc];
        gpp = new double[np];
        pre = new double[nc];
        post = new double[nc];
    }

    /** Adjoint and parameter integrals, backward: z = (lam, gp), dz/dt = -(f_y^T lam, f_p^T lam). */
    private void adjointRhs(double t, double[] zz, double[] dz) {
        traj.interpolateIn(hint, t, yAt);
        ev.dynamicsVjp(yAt, params, zz, yBar, pBar);
        for (int j = 0; j < nc; j++) {
            dz[j] = -yBar[j];
        }
        for (int k = 0; k < np; k++) {
            dz[nc + k] = -pBar[k];
        }
    }

    /** The adjoint alone (no parameter integrals): dlam/dt = -f_y^T lam. */
    private void stateAdjointRhs(double t, double[] zz, double[] dz) {
        traj.interpolateIn(hint, t, yAt);
        ev.dynamicsVjpState(yAt, params, zz, yBar);
        for (int j = 0; j < nc; j++) {
            dz[j] = -yBar[j];
        }
    }

    /** Moves {@code lam} back over segment {@code e} (from its end to its start), accumulating the parameter integrals. */
    private void propagate(Timeline tl, int e, double s) {
        if (!(s > 0.0)) {
            return;
        }
        boolean zero = true;
        for (double l : lam) {
            zero &= l == 0.0;
        }
        if (zero) {
            return;
        }
        traj = tl.trajectory;
        segFrom = tl.stepFrom[e];
        segTo = tl.stepTo[e];
        if (traj == null || segTo <= segFrom) {
            throw new IllegalStateException("model " + model.name() + ": no recorded forward trajectory for a segment "
                    + "of " + s + " ms");
        }
        System.arraycopy(lam, 0, z, 0, nc);
        Arrays.fill(z, nc, nc + np, 0.0);
        try {
            // backward through the replay's forward steps, last to first, with the adjoint's own step control inside
            // each: the forward's steps alone do not bound the adjoint's error (a channel that has decayed lets the
            // forward take long steps while its adjoint is not small: one RK step per forward step cost 6e-6
            // relative on an ALIF bias gradient); every stage reads the dense output of one known step, no search
            backward.integrateBackOver(traj, segFrom, segTo, z, setHint);
        } catch (IllegalStateException ex) {
            throw new IllegalStateException("model " + model.name() + ": adjoint integration failed: "
                    + ex.getMessage(), ex);
        }
        double[] zz = backward.z();
        System.arraycopy(zz, 0, lam, 0, nc);
        if (paramGrads) {
            for (int k = 0; k < np; k++) {
                gp[k] += zz[nc + k];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public void backward(NeuronTask t) {
        final Timeline tl = timeline;
        tl.clear();
        double[] own = Arrays.copyOfRange(t.ownTimes, t.ownFrom, t.ownTo);
        replayer.replay(t.p, t.input, t.weights, t.size, t.neuron, own, t.sampleTimes, t.until, tl);
        params = t.p;
        Arrays.fill(lam, 0.0);
        Arrays.fill(gp, 0.0);
        for (int e = tl.n - 1; e >= 0; e--) {
            if (e < tl.n - 1) {
                propagate(tl, e + 1, tl.time[e + 1] - tl.time[e]);
            }
            System.arraycopy(tl.pre, e * nc, pre, 0, nc);
            System.arraycopy(tl.post, e * nc, post, 0, nc);
            int r = tl.ref[e];
            switch (tl.kind[e]) {
                case Timeline.SAMPLE -> {
                    if (t.sampleErrors != null) {
                        for (int c = 0; c < nc; c++) {
                            lam[c] += t.sampleErrors[r * nc + c];
                        }
                    }
                }
                case Timeline.INPUT -> {
                    int j = t.input.sources()[r];
                    double w = t.weights[j * t.size + t.neuron];
                    double wBar = ev.inputVjp(pre, w, params, lam, yBar, pBar);
                    t.weightGrad[j * t.size + t.neuron] += wBar;
                    ev.dynamics(pre, params, fPre);
                    ev.dynamics(post, params, fPost);
                    // lam+ . (h_y f(y-) - f(y+)) = (h_y^T lam+) . f(y-) - lam+ . f(y+)
                    t.inputErrors[r] += dot(yBar, fPre) - dot(lam, fPost);
                    for (int k = 0; k < np; k++) {
                        gp[k] += pBar[k];
                    }
                    System.arraycopy(yBar, 0, lam, 0, nc);
                }
                default -> {
                    boolean triggered = e > 0 && tl.kind[e - 1] == Timeline.INPUT && tl.time[e - 1] == tl.time[e];
                    ev.resetVjp(pre, params, lam, yBar, pBar);
                    for (int k = 0; k < np; k++) {
                        gp[k] += pBar[k];
                    }
                    if (triggered) {
                        // the spike happens at the input's time: its error moves that input spike
                        t.inputErrors[tl.ref[e - 1]] += t.ownErrors[t.ownFrom + r];
                        System.arraycopy(yBar, 0, lam, 0, nc);
                        break;
                    }
                    ev.dynamics(pre, params, fPre);
                    ev.dynamics(post, params, fPost);
                    ev.conditionGrad(pre, params, gy, gpp);
                    double den = dot(gy, fPre);
                    double q = t.ownErrors[t.ownFrom + r] + dot(yBar, fPre) - dot(lam, fPost);
                    System.arraycopy(yBar, 0, lam, 0, nc);
                    if (Math.abs(den) <= TANGENTIAL * Math.sqrt(dot(gy, gy) * dot(fPre, fPre))) {
                        t.tangential++;
                    } else {
                        double k = q / den;
                        for (int c = 0; c < nc; c++) {
                            lam[c] -= k * gy[c];
                        }
                        for (int p = 0; p < np; p++) {
                            gp[p] -= k * gpp[p];
                        }
                    }
                }
            }
        }
        if (tl.n > 0) {
            propagate(tl, 0, tl.time[0]);
        }
        ev.initVjp(params, lam, pBar);
        for (int k = 0; k < np; k++) {
            t.paramGrad[k][t.neuron] += gp[k] + pBar[k];
        }
    }
}
