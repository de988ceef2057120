package org.eventprop4j.autodiff;

import org.eventprop4j.core.model.NeuronModel;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;

/**
 * Values and Jacobians of a {@link NeuronModel}'s equations, by forward-mode automatic differentiation of the
 * model's own generic methods with Hipparchus {@link Gradient}: no derivative is written by hand, so custom models
 * get exact gradients for free.
 *
 * <p>Independent variables are ordered {@code (y_0..y_{C-1}, p_0..p_{P-1})} (and {@code w} last for input spikes).
 * Jacobians are row-major: {@code fy[i * C + j] = df_i/dy_j}, {@code fp[i * P + k] = df_i/dp_k}.
 */
final class ModelJacobians {
    private final NeuronModel model;
    private final int nc;
    private final int np;
    private final GradientField field;
    private final GradientField fieldW;

    ModelJacobians(NeuronModel model) {
        this.model = model;
        this.nc = model.channelCount();
        this.np = model.params().size();
        this.field = GradientField.getField(nc + np);
        this.fieldW = GradientField.getField(nc + np + 1);
    }

    private Gradient[] vars(GradientField f, double[] y, int offset) {
        int n = f.getOne().getFreeParameters();
        Gradient[] v = MathArrays.buildArray(f, y.length);
        for (int i = 0; i < y.length; i++) {
            v[i] = Gradient.variable(n, offset + i, y[i]);
        }
        return v;
    }

    private void split(Gradient[] out, double[] value, double[] dy, double[] dp) {
        for (int i = 0; i < out.length; i++) {
            double[] g = out[i].getGradient();
            if (value != null) {
                value[i] = out[i].getValue();
            }
            for (int j = 0; j < nc; j++) {
                dy[i * nc + j] = g[j];
            }
            for (int k = 0; k < np; k++) {
                dp[i * np + k] = g[nc + k];
            }
        }
    }

    /** {@code f(y, p)} and its Jacobians. */
    void dynamics(double[] y, double[] p, double[] f, double[] fy, double[] fp) {
        Gradient[] out = MathArrays.buildArray(field, nc);
        model.dynamics(vars(field, y, 0), vars(field, p, nc), out);
        split(out, f, fy, fp);
    }

    /** {@code g(y, p)}; fills {@code gy} (length C) and {@code gp} (length P). */
    double spikeCondition(double[] y, double[] p, double[] gy, double[] gp) {
        Gradient g = model.spikeCondition(vars(field, y, 0), vars(field, p, nc));
        double[] d = g.getGradient();
        System.arraycopy(d, 0, gy, 0, nc);
        System.arraycopy(d, nc, gp, 0, np);
        return g.getValue();
    }

    /** The reset {@code r(y, p)} and its Jacobians. */
    void reset(double[] y, double[] p, double[] r, double[] ry, double[] rp) {
        Gradient[] out = MathArrays.buildArray(field, nc);
        model.resetSpiked(vars(field, y, 0), vars(field, p, nc), out);
        split(out, r, ry, rp);
    }

    /** The input jump {@code h(y, w, p)} and its Jacobians; {@code hw[i] = dh_i/dw}. */
    void input(double[] y, double w, double[] p, double[] h, double[] hy, double[] hw, double[] hp) {
        Gradient[] out = MathArrays.buildArray(fieldW, nc);
        Gradient wv = Gradient.variable(nc + np + 1, nc + np, w);
        model.inputSpike(vars(fieldW, y, 0), wv, vars(fieldW, p, nc), out);
        for (int i = 0; i < nc; i++) {
            double[] g = out[i].getGradient();
            h[i] = out[i].getValue();
            for (int j = 0; j < nc; j++) {
                hy[i * nc + j] = g[j];
            }
            for (int k = 0; k < np; k++) {
                hp[i * np + k] = g[nc + k];
            }
            hw[i] = g[nc + np];
        }
    }

    /** The initial state and {@code dy0/dp} ({@code [i * P + k]}). */
    void init(double[] p, double[] y0, double[] dy0dp) {
        Gradient[] out = MathArrays.buildArray(field, nc);
        model.initState(vars(field, p, nc), out);
        double[] dummy = new double[nc * nc];
        split(out, y0, dummy, dy0dp);
    }
}
