package org.eventprop4j.core.ode;

import static org.eventprop4j.core.ode.Dp5Tableau.*;

/**
 * Dormand-Prince 5(4) steps of many independent systems of the same dimension at once ("lockstep"): the systems share
 * the step size, every stage is one call of a {@link BatchRhs} over all of them, and the error norm is kept per system,
 * so the caller decides which systems pass (e.g. reject the step when any fails, or let a few failing systems go
 * alone). Arrays are channel-major: element {@code d} of system {@code i} is at {@code [d * stride + i]}; systems
 * {@code [0, m)} take part in a step. Primitive arrays only, no allocation per step; one instance per thread.
 *
 * <p>Why not Hipparchus: its integrators advance one system with per-step objects; a layer of a spiking network is
 * hundreds of small systems between the same events, and sharing the step turns each stage into one tight loop over
 * the layer (the compiled equations of {@code core.expr.BatchKernel}).
 */
public final class BatchDopri5 {

    /** The right-hand side of many systems, channel-major. */
    @FunctionalInterface
    public interface BatchRhs {
        /**
         * Writes {@code F(t, z_i)} into {@code dz} for the systems {@code i} in {@code [0, m)}.
         *
         * @param t      time, ms
         * @param z      states, element {@code d} of system {@code i} at {@code [d * stride + i]}
         * @param dz     derivatives, laid out like {@code z} ({@code dz != z})
         * @param m      number of systems
         * @param stride distance between two channels of one system
         */
        void eval(double t, double[] z, double[] dz, int m, int stride);
    }

    private final int dim;
    private int cap;
    private int stride;
    /** State at the step's start (swapped with {@link #yn} by {@link #accept()}). */
    public double[] y;
    /** State at the step's end after a {@link #trial}. */
    public double[] yn;
    /** F at the step's start (the first stage). */
    public double[] k1;
    private double[] k2;
    private double[] k3;
    private double[] k4;
    private double[] k5;
    private double[] k6;
    /** F at the step's end after a {@link #trial} (the first stage of the next step). */
    public double[] k7;
    private double[] tmp;
    /** Per system: the squared error norm times {@code dim} of the last trial, {@code sum_d (e_d / sk_d)^2}. */
    public double[] err2;

    /**
     * A lockstep integrator.
     *
     * @param dim dimension of each system
     */
    public BatchDopri5(int dim) {
        this.dim = dim;
        ensure(16);
    }

    /** @return the dimension of each system */
    public int dim() {
        return dim;
    }

    /** @return the current stride (capacity per channel) */
    public int stride() {
        return stride;
    }

    /**
     * Makes room for {@code n} systems and sets the stride to the capacity; contents are lost when it grows.
     *
     * @param n number of systems
     * @return the stride to use for arrays laid out like the state
     */
    public int ensure(int n) {
        if (n > cap) {
            cap = Math.max(n, 2 * cap);
            int len = dim * cap;
            y = new double[len];
            yn = new double[len];
            k1 = new double[len];
            k2 = new double[len];
            k3 = new double[len];
            k4 = new double[len];
            k5 = new double[len];
            k6 = new double[len];
            k7 = new double[len];
            tmp = new double[len];
            err2 = new double[cap];
        }
        stride = cap;
        return stride;
    }

    /**
     * Sets {@code k1 = F(t, y)} for systems {@code [0, m)} (before the first step, or after {@code y} changed).
     *
     * @param rhs the right-hand side
     * @param t   time, ms
     * @param m   number of systems
     */
    public void begin(BatchRhs rhs, double t, int m) {
        rhs.eval(t, y, k1, m, stride);
    }

    /**
     * One trial step of size {@code hh} (either sign) from {@code (t, y)} for systems {@code [0, m)}: fills
     * {@code yn}, {@code k7 = F(t + hh, yn)} and {@code err2} with the mixed absolute/relative scale
     * {@code tol (1 + max(|y|, |yn|))} (the single-system {@link Dopri5} test: a system passes when
     * {@code err2 <= dim}).
     *
     * @param rhs the right-hand side
     * @param t   time at the step's start, ms
     * @param hh  step size, ms (negative: backward in time)
     * @param m   number of systems
     * @param tol relative and absolute tolerance
     * @return the largest {@code err2} over the systems (NaN if any is NaN)
     */
    public double trial(BatchRhs rhs, double t, double hh, int m, double tol) {
        final int s = stride;
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * A21 * k1[i];
            }
        }
        rhs.eval(t + C2 * hh, tmp, k2, m, s);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A31 * k1[i] + A32 * k2[i]);
            }
        }
        rhs.eval(t + C3 * hh, tmp, k3, m, s);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
            }
        }
        rhs.eval(t + C4 * hh, tmp, k4, m, s);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
            }
        }
        rhs.eval(t + C5 * hh, tmp, k5, m, s);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                tmp[i] = y[i] + hh * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
            }
        }
        rhs.eval(t + hh, tmp, k6, m, s);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = o; i < o + m; i++) {
                yn[i] = y[i] + hh * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
            }
        }
        rhs.eval(t + hh, yn, k7, m, s);
        java.util.Arrays.fill(err2, 0, m, 0.0);
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            for (int i = 0; i < m; i++) {
                int x = o + i;
                double e = hh * (E1 * k1[x] + E3 * k3[x] + E4 * k4[x] + E5 * k5[x] + E6 * k6[x] + E7 * k7[x]);
                double sk = tol + tol * Math.max(Math.abs(y[x]), Math.abs(yn[x]));
                double r = e / sk;
                err2[i] += r * r;
            }
        }
        double big = 0.0;
        for (int i = 0; i < m; i++) {
            double v = err2[i];
            if (!(v <= big)) {
                big = v;                              // NaN propagates: it is never <= big
            }
        }
        return big;
    }

    /** Moves to the end of the last trial step (its end derivative becomes the next step's first stage). */
    public void accept() {
        double[] s = y;
        y = yn;
        yn = s;
        s = k1;
        k1 = k7;
        k7 = s;
    }

    /**
     * Writes the dense-output coefficients (Hairer's {@code contd5}) of the last trial step of size {@code hh}, for
     * systems {@code [0, m)}, before {@link #accept()}: coefficient {@code q} (0..4) of channel {@code d} of system
     * {@code i} goes to {@code into[off + (q * dim + d) * m + i]} (compact: stride {@code m}). The state at fraction
     * {@code th} of the step is {@code c0 + th (c1 + (1-th) (c2 + th (c3 + (1-th) c4)))} ({@link #interpolate}).
     *
     * @param hh   the step's size, ms
     * @param m    number of systems
     * @param into destination, at least {@code off + 5 dim m} long
     * @param off  first index written
     */
    public void dense(double hh, int m, double[] into, int off) {
        final int s = stride;
        for (int c = 0; c < dim; c++) {
            int o = c * s;
            int b0 = off + c * m;
            int b1 = off + (dim + c) * m;
            int b2 = off + (2 * dim + c) * m;
            int b3 = off + (3 * dim + c) * m;
            int b4 = off + (4 * dim + c) * m;
            for (int i = 0; i < m; i++) {
                int x = o + i;
                double diff = yn[x] - y[x];
                double bspl = hh * k1[x] - diff;
                into[b0 + i] = y[x];
                into[b1 + i] = diff;
                into[b2 + i] = bspl;
                into[b3 + i] = diff - hh * k7[x] - bspl;
                into[b4 + i] = hh * (D1 * k1[x] + D3 * k3[x] + D4 * k4[x] + D5 * k5[x] + D6 * k6[x] + D7 * k7[x]);
            }
        }
    }

    /**
     * The state at fraction {@code th} of a step from its compact coefficients ({@link #dense}) for systems
     * {@code [0, m)} of dimension {@code dim}, into {@code out[d * stride + i]}.
     *
     * @param c      coefficients from {@link #dense}
     * @param off    their first index
     * @param dim    dimension of each system
     * @param m      number of systems
     * @param th     fraction of the step, in [0, 1]
     * @param out    destination, channel-major
     * @param stride stride of {@code out}
     */
    public static void interpolate(double[] c, int off, int dim, int m, double th, double[] out, int stride) {
        double t1 = 1.0 - th;
        for (int d = 0; d < dim; d++) {
            int b0 = off + d * m;
            int b1 = off + (dim + d) * m;
            int b2 = off + (2 * dim + d) * m;
            int b3 = off + (3 * dim + d) * m;
            int b4 = off + (4 * dim + d) * m;
            int o = d * stride;
            for (int i = 0; i < m; i++) {
                out[o + i] = c[b0 + i] + th * (c[b1 + i] + t1 * (c[b2 + i] + th * (c[b3 + i] + t1 * c[b4 + i])));
            }
        }
    }

    /**
     * Exchanges systems {@code i} and {@code j} in the state, both ends and all stages.
     *
     * @param i a system
     * @param j another system
     */
    public void swap(int i, int j) {
        swapIn(y, i, j);
        swapIn(yn, i, j);
        swapIn(k1, i, j);
        swapIn(k2, i, j);
        swapIn(k3, i, j);
        swapIn(k4, i, j);
        swapIn(k5, i, j);
        swapIn(k6, i, j);
        swapIn(k7, i, j);
    }

    private void swapIn(double[] a, int i, int j) {
        swapColumns(a, dim, stride, i, j);
    }

    /**
     * Exchanges columns {@code i} and {@code j} of a channel-major array.
     *
     * @param a      the array
     * @param dim    number of channels
     * @param stride distance between two channels
     * @param i      a column
     * @param j      another column
     */
    public static void swapColumns(double[] a, int dim, int stride, int i, int j) {
        for (int c = 0; c < dim; c++) {
            double t = a[c * stride + i];
            a[c * stride + i] = a[c * stride + j];
            a[c * stride + j] = t;
        }
    }
}
