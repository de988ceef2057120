package org.eventprop4j.core.model;

import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;

/**
 * The fallback {@link ModelEvaluator} for models whose equations cannot be traced: values through the generic methods
 * on boxed numbers ({@link NeuronModel#dynamics(double[], double[], double[])} and friends), derivatives by
 * forward-mode AD with Hipparchus {@link Gradient}. Exact, but one to two orders of magnitude slower than the traced
 * kernels. Independent variables are ordered {@code (y, p)} (and {@code w} last for input spikes).
 */
final class GenericEvaluator implements ModelEvaluator {
    private final NeuronModel model;
    private final int nc;
    private final int np;
    private final GradientField field;
    private final GradientField fieldW;

    GenericEvaluator(NeuronModel model) {
        this.model = model;
        this.nc = model.channelCount();
        this.np = model.params().size();
        this.field = GradientField.getField(nc + np);
        this.fieldW = GradientField.getField(nc + np + 1);
    }

    @Override
    public boolean traced() {
        return false;
    }

    @Override
    public void dynamics(double[] y, double[] p, double[] out) {
        model.dynamics(y, p, out);
    }

    @Override
    public double condition(double[] y, double[] p) {
        return model.spikeCondition(y, p);
    }

    @Override
    public void input(double[] y, double w, double[] p, double[] out) {
        System.arraycopy(y, 0, out, 0, nc);
        model.inputSpike(out, w, p);
    }

    @Override
    public void reset(double[] y, double[] p, double[] out) {
        System.arraycopy(y, 0, out, 0, nc);
        model.resetSpiked(out, p);
    }

    @Override
    public void init(double[] p, double[] out) {
        model.initState(p, out);
    }

    private Gradient[] vars(GradientField f, double[] v, int offset) {
        int n = f.getOne().getFreeParameters();
        Gradient[] out = MathArrays.buildArray(f, v.length);
        for (int i = 0; i < v.length; i++) {
            out[i] = Gradient.variable(n, offset + i, v[i]);
        }
        return out;
    }

    /** yBar_j = sum_i lam_i d out_i / d y_j, pBar_k likewise. */
    private void contract(Gradient[] out, double[] lam, double[] yBar, double[] pBar) {
        java.util.Arrays.fill(yBar, 0, nc, 0.0);
        java.util.Arrays.fill(pBar, 0, np, 0.0);
        for (int i = 0; i < out.length; i++) {
            double[] g = out[i].getGradient();
            double l = lam[i];
            for (int j = 0; j < nc; j++) {
                yBar[j] += l * g[j];
            }
            for (int k = 0; k < np; k++) {
                pBar[k] += l * g[nc + k];
            }
        }
    }

    @Override
    public void dynamicsVjp(double[] y, double[] p, double[] lam, double[] yBar, double[] pBar) {
        Gradient[] out = MathArrays.buildArray(field, nc);
        model.dynamics(vars(field, y, 0), vars(field, p, nc), out);
        contract(out, lam, yBar, pBar);
    }

    @Override
    public void dynamicsVjpState(double[] y, double[] p, double[] lam, double[] yBar) {
        dynamicsVjp(y, p, lam, yBar, new double[np]);
    }

    @Override
    public void conditionGrad(double[] y, double[] p, double[] gy, double[] gp) {
        Gradient g = model.spikeCondition(vars(field, y, 0), vars(field, p, nc));
        double[] d = g.getGradient();
        System.arraycopy(d, 0, gy, 0, nc);
        System.arraycopy(d, nc, gp, 0, np);
    }

    @Override
    public double inputVjp(double[] y, double w, double[] p, double[] lam, double[] yBar, double[] pBar) {
        Gradient[] out = MathArrays.buildArray(fieldW, nc);
        Gradient wv = Gradient.variable(nc + np + 1, nc + np, w);
        model.inputSpike(vars(fieldW, y, 0), wv, vars(fieldW, p, nc), out);
        contract(out, lam, yBar, pBar);
        double wBar = 0.0;
        for (int i = 0; i < nc; i++) {
            wBar += lam[i] * out[i].getGradient()[nc + np];
        }
        return wBar;
    }

    @Override
    public void resetVjp(double[] y, double[] p, double[] lam, double[] yBar, double[] pBar) {
        Gradient[] out = MathArrays.buildArray(field, nc);
        model.resetSpiked(vars(field, y, 0), vars(field, p, nc), out);
        contract(out, lam, yBar, pBar);
    }

    @Override
    public void initVjp(double[] p, double[] lam, double[] pBar) {
        Gradient[] out = MathArrays.buildArray(field, nc);
        model.initState(vars(field, p, nc), out);
        double[] yBar = new double[nc];
        contract(out, lam, yBar, pBar);
    }
}
