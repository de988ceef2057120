package org.eventprop4j.autodiff;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.sim.NeuronSimulator;
import org.eventprop4j.core.sim.SimOptions;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * EventProp adjoint for any {@link NeuronModel}, with every Jacobian taken by forward-mode AD from the model's own
 * equations ({@link ModelJacobians}). In the convention {@code lam = dL/dy}:
 * <pre>
 *   between events (backward in time):  dlam/dt = -(df/dy)^T lam,   dL/dp += int lam . df/dp dt
 *   at a sample:                        lam += dphi/dy
 *   at an input spike of weight w:      dL/dw += lam+ . dh/dw,  dL/dp += lam+ . dh/dp,
 *                                       dL/dt_in += lam+ . (h_y f(y-) - f(y+)),  lam- = h_y^T lam+
 *   at an own spike k:                  Q = lam+ . (r_y f(y-) - f(y+)) + dL/dt_k,  den = g_y . f(y-)
 *                                       lam- = r_y^T lam+ - Q g_y / den,  dL/dp += lam+ . r_p - Q g_p / den
 *   at t = 0:                           dL/dp += lam(0) . dy0/dp
 * </pre>
 * Each inter-event segment is re-integrated forward from the replayed state with dense output (Dormand-Prince
 * 8(5,3), the simulation's tolerance and step bound), then the adjoint and the parameter integrals are integrated
 * backward over it with the same integrator. A tangential crossing ({@code |den|} below 1e-12 of
 * {@code |g_y| |f(y-)|}) has an unbounded derivative: its {@code Q} term is dropped and counted. A spike triggered by
 * an input jump (the jump itself pushes the state over threshold) happens at the input's time: its {@code dL/dt} is
 * passed to that input spike, and no crossing term applies.
 */
final class GeneralAdjoint implements NeuronAdjoint {
    private static final double TANGENTIAL = 1e-12;

    private final NeuronModel model;
    private final ModelJacobians jac;
    private final int nc;
    private final int np;
    private final DormandPrince853Integrator forward;
    private final DormandPrince853Integrator backward;
    // scratch
    private final double[] lam;
    private final double[] gp;
    private final double[] f;
    private final double[] fy;
    private final double[] fp;
    private final double[] fPre;
    private final double[] fPost;
    private final double[] v;
    private final double[] vy;
    private final double[] vw;
    private final double[] vp;
    private final double[] gy;
    private final double[] gpp;
    private double[] params;
    private DenseOutputModel dense;

    private final NeuronSimulator replayer;
    private final Timeline timeline;

    GeneralAdjoint(NeuronModel model, SimOptions opts, NeuronSimulator replayer) {
        this.model = model;
        this.replayer = replayer;
        // the replay's flows are the forward trajectories the adjoint needs: keep them instead of integrating again
        replayer.recordDense(true);
        this.timeline = new Timeline(model.channelCount());
        this.jac = new ModelJacobians(model);
        this.nc = model.channelCount();
        this.np = model.params().size();
        double tol = opts.tolerance();
        // no events here: the steps adapt to the tolerance, bounded by the window only (as in the forward OdeFlow)
        this.forward = new DormandPrince853Integrator(1e-14, opts.maxSolverTime(), tol, tol);
        this.backward = new DormandPrince853Integrator(1e-14, opts.maxSolverTime(), tol, tol);
        lam = new double[nc];
        gp = new double[np];
        f = new double[nc];
        fy = new double[nc * nc];
        fp = new double[nc * np];
        fPre = new double[nc];
        fPost = new double[nc];
        v = new double[nc];
        vy = new double[nc * nc];
        vw = new double[nc];
        vp = new double[nc * np];
        gy = new double[nc];
        gpp = new double[np];
        adjointOde = new AdjointOde();
    }

    private final OrdinaryDifferentialEquation flowOde = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return nc;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            double[] out = new double[nc];
            model.dynamics(y, params, out);
            return out;
        }
    };

    /** Adjoint and parameter integrals, backward: z = (lam, gp). */
    private final class AdjointOde implements OrdinaryDifferentialEquation {
        private final double[] af = new double[nc];
        private final double[] afy = new double[nc * nc];
        private final double[] afp = new double[nc * np];

        @Override
        public int getDimension() {
            return nc + np;
        }

        @Override
        public double[] computeDerivatives(double t, double[] z) {
            double[] y = dense.getInterpolatedState(t).getPrimaryState();
            jac.dynamics(y, params, af, afy, afp);
            double[] dz = new double[nc + np];
            for (int j = 0; j < nc; j++) {
                double s = 0.0;
                for (int i = 0; i < nc; i++) {
                    s += afy[i * nc + j] * z[i];
                }
                dz[j] = -s;
            }
            for (int k = 0; k < np; k++) {
                double s = 0.0;
                for (int i = 0; i < nc; i++) {
                    s += afp[i * np + k] * z[i];
                }
                dz[nc + k] = -s;
            }
            return dz;
        }
    }

    private final AdjointOde adjointOde;

    /**
     * Moves {@code lam} back over a segment of length {@code s} whose forward state starts at {@code yStart}, with
     * the forward trajectory {@code recorded} by the replay (local time {@code 0..s}), or integrated here if null.
     */
    private void propagate(double s, double[] yStart, DenseOutputModel recorded) {
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
        try {
            if (recorded != null) {
                dense = recorded;
            } else {
                dense = new DenseOutputModel();
                forward.clearStepHandlers();
                forward.addStepHandler(dense);
                forward.integrate(flowOde, new ODEState(0.0, yStart.clone()), s);
            }
            double[] z0 = new double[nc + np];
            System.arraycopy(lam, 0, z0, 0, nc);
            double[] z = backward.integrate(adjointOde, new ODEState(s, z0), 0.0).getPrimaryState();
            System.arraycopy(z, 0, lam, 0, nc);
            for (int k = 0; k < np; k++) {
                gp[k] += z[nc + k];
            }
        } catch (MathRuntimeException e) {
            throw new IllegalStateException("model " + model.name() + ": adjoint integration failed: "
                    + e.getMessage(), e);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** lam <- M^T lam for a row-major C x C matrix M. */
    private void transposeApply(double[] m) {
        double[] out = new double[nc];
        for (int j = 0; j < nc; j++) {
            double s = 0.0;
            for (int i = 0; i < nc; i++) {
                s += m[i * nc + j] * lam[i];
            }
            out[j] = s;
        }
        System.arraycopy(out, 0, lam, 0, nc);
    }

    /** gp += lam . M for a row-major C x P matrix M. */
    private void addParamTerm(double[] m, double factor) {
        for (int k = 0; k < np; k++) {
            double s = 0.0;
            for (int i = 0; i < nc; i++) {
                s += lam[i] * m[i * np + k];
            }
            gp[k] += factor * s;
        }
    }

    @Override
    public void backward(NeuronTask t) {
        final Timeline tl = timeline;
        tl.clear();
        double[] own = java.util.Arrays.copyOfRange(t.ownTimes, t.ownFrom, t.ownTo);
        replayer.replay(t.p, t.input, t.weights, t.size, t.neuron, own, t.sampleTimes, t.until, tl);
        params = t.p;
        java.util.Arrays.fill(lam, 0.0);
        java.util.Arrays.fill(gp, 0.0);
        double[] pre = new double[nc];
        double[] post = new double[nc];
        double[] yStart = new double[nc];
        for (int e = tl.n - 1; e >= 0; e--) {
            if (e < tl.n - 1) {
                System.arraycopy(tl.post, e * nc, yStart, 0, nc);
                propagate(tl.time[e + 1] - tl.time[e], yStart, tl.dense[e + 1]);
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
                    jac.input(pre, w, params, v, vy, vw, vp);
                    t.weightGrad[j * t.size + t.neuron] += dot(lam, vw);
                    addParamTerm(vp, 1.0);
                    model.dynamics(pre, params, fPre);
                    model.dynamics(post, params, fPost);
                    double err = 0.0;
                    for (int i = 0; i < nc; i++) {
                        double hf = 0.0;
                        for (int c = 0; c < nc; c++) {
                            hf += vy[i * nc + c] * fPre[c];
                        }
                        err += lam[i] * (hf - fPost[i]);
                    }
                    t.inputErrors[r] += err;
                    transposeApply(vy);
                }
                default -> {
                    boolean triggered = e > 0 && tl.kind[e - 1] == Timeline.INPUT && tl.time[e - 1] == tl.time[e];
                    jac.reset(pre, params, v, vy, vp);
                    if (triggered) {
                        // the spike happens at the input's time: its error moves that input spike
                        t.inputErrors[tl.ref[e - 1]] += t.ownErrors[t.ownFrom + r];
                        addParamTerm(vp, 1.0);
                        transposeApply(vy);
                        break;
                    }
                    model.dynamics(pre, params, fPre);
                    model.dynamics(post, params, fPost);
                    jac.spikeCondition(pre, params, gy, gpp);
                    double den = dot(gy, fPre);
                    double q = t.ownErrors[t.ownFrom + r];
                    for (int i = 0; i < nc; i++) {
                        double rf = 0.0;
                        for (int c = 0; c < nc; c++) {
                            rf += vy[i * nc + c] * fPre[c];
                        }
                        q += lam[i] * (rf - fPost[i]);
                    }
                    addParamTerm(vp, 1.0);
                    transposeApply(vy);
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
        double[] y0 = new double[nc];
        double[] dy0 = new double[nc * np];
        jac.init(params, y0, dy0);
        if (tl.n > 0) {
            propagate(tl.time[0], y0, tl.dense[0]);
        }
        addParamTerm(dy0, 1.0);
        for (int k = 0; k < np; k++) {
            t.paramGrad[k][t.neuron] += gp[k];
        }
    }
}
