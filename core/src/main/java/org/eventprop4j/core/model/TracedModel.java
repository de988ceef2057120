package org.eventprop4j.core.model;

import org.eventprop4j.core.expr.BatchKernel;
import org.eventprop4j.core.expr.Graph;
import org.eventprop4j.core.expr.Kernel;
import org.eventprop4j.core.expr.NotTraceableException;
import org.eventprop4j.core.expr.Op;
import org.eventprop4j.core.expr.Program;
import org.eventprop4j.core.expr.Tracer;
import org.eventprop4j.core.expr.TracerField;
import org.hipparchus.util.MathArrays;

/**
 * A {@link NeuronModel}'s equations traced once into straight-line programs, together with the programs of their exact
 * vector-Jacobian products (symbolic reverse-mode differentiation of the traced graphs): what the numerical simulator
 * and the adjoint pass evaluate, compiled to bytecode. Immutable; {@link #newEvaluator} gives per-thread evaluators.
 */
public final class TracedModel {
    private final int nc;
    private final int np;
    final Program f;
    final Program fVjp;
    final Program fVjpY;
    final Program g;
    final Program gGrad;
    final Program h;
    final Program hVjp;
    final Program r;
    final Program rVjp;
    final Program y0;
    final Program y0Vjp;

    private TracedModel(NeuronModel m) {
        nc = m.channelCount();
        np = m.params().size();
        // dynamics and its VJP
        {
            Ctx c = new Ctx();
            Tracer[] out = c.state();
            m.dynamics(c.y, c.p, out);
            int[] o = c.nodes(out, "dynamics");
            f = Program.of(c.graph, o);
            fVjp = c.vjp(o, 0);
            int[] seeds = new int[nc];
            for (int i = 0; i < nc; i++) {
                seeds[i] = c.graph.input(Op.IN_X, i);
            }
            int[] wrtY = java.util.Arrays.copyOf(c.yp(), nc);
            fVjpY = Program.of(c.graph, c.graph.vjp(o, seeds, wrtY));
        }
        {
            Ctx c = new Ctx();
            Tracer gv = m.spikeCondition(c.y, c.p);
            int[] o = c.nodes(new Tracer[] {gv}, "spikeCondition");
            g = Program.of(c.graph, o);
            int[] d = c.graph.vjp(o, new int[] {c.graph.constant(1.0)}, c.yp());
            gGrad = Program.of(c.graph, d);
        }
        {
            Ctx c = new Ctx();
            Tracer w = c.field.input(Op.IN_X, 0);
            Tracer[] out = c.state();
            m.inputSpike(c.y, w, c.p, out);
            int[] o = c.nodes(out, "inputSpike");
            h = Program.of(c.graph, o);
            int[] seeds = new int[nc];
            for (int i = 0; i < nc; i++) {
                seeds[i] = c.graph.input(Op.IN_X, 1 + i);
            }
            int[] wrt = new int[nc + np + 1];
            System.arraycopy(c.yp(), 0, wrt, 0, nc + np);
            wrt[nc + np] = w.node();
            hVjp = Program.of(c.graph, c.graph.vjp(o, seeds, wrt));
        }
        {
            Ctx c = new Ctx();
            Tracer[] out = c.state();
            m.resetSpiked(c.y, c.p, out);
            int[] o = c.nodes(out, "resetSpiked");
            r = Program.of(c.graph, o);
            rVjp = c.vjp(o, 0);
        }
        {
            Ctx c = new Ctx();
            Tracer[] out = c.state();
            m.initState(c.p, out);
            int[] o = c.nodes(out, "initState");
            y0 = Program.of(c.graph, o);
            int[] seeds = new int[nc];
            for (int i = 0; i < nc; i++) {
                seeds[i] = c.graph.input(Op.IN_X, i);
            }
            int[] wrt = new int[np];
            for (int k = 0; k < np; k++) {
                wrt[k] = c.p[k].node();
            }
            y0Vjp = Program.of(c.graph, c.graph.vjp(o, seeds, wrt));
        }
    }

    /**
     * Traces {@code m}'s five equation methods.
     *
     * @param m the model
     * @return the traced equations and the programs of their vector-Jacobian products
     * @throws NotTraceableException if the equations cannot be recorded (e.g. they branch on values)
     */
    public static TracedModel trace(NeuronModel m) {
        return new TracedModel(m);
    }

    /** Tracing context of one function: a graph with the state and parameter inputs. */
    private final class Ctx {
        final Graph graph = new Graph();
        final TracerField field = new TracerField(graph);
        final Tracer[] y = MathArrays.buildArray(field, nc);
        final Tracer[] p = MathArrays.buildArray(field, np);

        Ctx() {
            for (int i = 0; i < nc; i++) {
                y[i] = field.input(Op.IN_Y, i);
            }
            for (int k = 0; k < np; k++) {
                p[k] = field.input(Op.IN_P, k);
            }
        }

        Tracer[] state() {
            Tracer[] out = new Tracer[nc];
            return out;
        }

        int[] nodes(Tracer[] out, String method) {
            int[] o = new int[out.length];
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    throw new NotTraceableException(method + " left output channel " + i + " unset");
                }
                if (out[i].getField() != field) {
                    throw new NotTraceableException(method + " returned a value that was not computed from its "
                            + "arguments' field");
                }
                o[i] = out[i].node();
            }
            return o;
        }

        int[] yp() {
            int[] w = new int[nc + np];
            for (int i = 0; i < nc; i++) {
                w[i] = y[i].node();
            }
            for (int k = 0; k < np; k++) {
                w[nc + k] = p[k].node();
            }
            return w;
        }

        /** The program of (d o / d(y, p))^T lam with lam = x[first .. first + C). */
        Program vjp(int[] o, int first) {
            int[] seeds = new int[o.length];
            for (int i = 0; i < o.length; i++) {
                seeds[i] = graph.input(Op.IN_X, first + i);
            }
            return Program.of(graph, graph.vjp(o, seeds, yp()));
        }
    }

    /**
     * Whether the spike condition is affine in the state (its gradient does not depend on {@code y}).
     *
     * @return whether the program of the condition's gradient reads no state element
     */
    public boolean conditionAffineInState() {
        return !gGrad.reads(Op.IN_Y);
    }

    /**
     * Whether the dynamics are affine in the state ({@code dy/dt = A y + b} with {@code A}, {@code b} depending on
     * the parameters only): their Jacobian {@code df/dy} does not depend on {@code y}.
     *
     * @return whether the program of {@code (df/dy)^T lam} reads no state element
     */
    public boolean dynamicsAffineInState() {
        return !fVjpY.reads(Op.IN_Y);
    }

    /**
     * Instruction counts of the programs, for diagnostics: {@code f, f-vjp, g, g-grad, h, h-vjp, r, r-vjp}.
     *
     * @return one line: each program's name and its {@link Program#operationCount()} (arithmetic instructions)
     */
    public String sizes() {
        return "f " + f.operationCount() + ", f-vjp " + fVjp.operationCount() + ", g " + g.operationCount()
                + ", g-grad " + gGrad.operationCount() + ", h " + h.operationCount() + ", h-vjp "
                + hVjp.operationCount() + ", r " + r.operationCount() + ", r-vjp " + rVjp.operationCount();
    }

    /**
     * Batch kernels of the flow {@code f}, the spike condition {@code g} and the input jump {@code h} (weight in
     * {@code x[0]}), for a whole layer at once, channel-major ({@link BatchKernel}); one per thread.
     *
     * @return three new kernels, in the order {@code f, g, h}
     */
    public BatchKernel[] newLayerKernels() {
        return new BatchKernel[] {f.newBatchKernel(), g.newBatchKernel(), h.newBatchKernel()};
    }

    /**
     * Batch kernels for a layer's backward pass, channel-major ({@link BatchKernel}); one set per thread:
     * <ol start="0">
     *   <li>{@code f}: the flow;</li>
     *   <li>{@code (df/dy, df/dp)^T lam} with {@code lam} in {@code x} (outputs: C state then P parameter entries), or
     *       only {@code (df/dy)^T lam} (C outputs) when {@code paramGrads} is false;</li>
     *   <li>{@code h}: the input jump, weight in {@code x[0]};</li>
     *   <li>{@code (dh/dy, dh/dp, dh/dw)^T lam} with {@code x = (w, lam)} (outputs: C, then P, then 1).</li>
     * </ol>
     *
     * @param paramGrads whether kernel 1 also computes the parameter entries {@code (df/dp)^T lam}
     * @return four new kernels, in the order above
     */
    public BatchKernel[] newAdjointKernels(boolean paramGrads) {
        return new BatchKernel[] {f.newBatchKernel(), (paramGrads ? fVjp : fVjpY).newBatchKernel(),
            h.newBatchKernel(), hVjp.newBatchKernel()};
    }

    /**
     * A new evaluator (compiled kernels and scratch; one per thread).
     *
     * @return a new evaluator
     */
    public ModelEvaluator newEvaluator() {
        return new Evaluator(this, false);
    }

    /**
     * A new evaluator that interprets the programs instead of compiling them (tests, reference).
     *
     * @return a new interpreting evaluator
     */
    public ModelEvaluator newInterpretingEvaluator() {
        return new Evaluator(this, true);
    }

    private static final class Evaluator implements ModelEvaluator {
        private final int nc;
        private final int np;
        private final Kernel f;
        private final Kernel fVjp;
        private final Kernel fVjpY;
        private final Kernel g;
        private final Kernel gGrad;
        private final Kernel h;
        private final Kernel hVjp;
        private final Kernel r;
        private final Kernel rVjp;
        private final Kernel y0;
        private final Kernel y0Vjp;
        private final double[] one = new double[1];
        private final double[] xw;
        private final double[] buf;

        Evaluator(TracedModel t, boolean interpret) {
            nc = t.nc;
            np = t.np;
            f = kernel(t.f, interpret);
            fVjp = kernel(t.fVjp, interpret);
            fVjpY = kernel(t.fVjpY, interpret);
            g = kernel(t.g, interpret);
            gGrad = kernel(t.gGrad, interpret);
            h = kernel(t.h, interpret);
            hVjp = kernel(t.hVjp, interpret);
            r = kernel(t.r, interpret);
            rVjp = kernel(t.rVjp, interpret);
            y0 = kernel(t.y0, interpret);
            y0Vjp = kernel(t.y0Vjp, interpret);
            xw = new double[1 + nc];
            buf = new double[nc + np + 1];
        }

        private static Kernel kernel(Program pr, boolean interpret) {
            return interpret ? pr.newInterpreter() : pr.newKernel();
        }

        @Override
        public boolean traced() {
            return true;
        }

        @Override
        public void dynamics(double[] y, double[] p, double[] out) {
            f.eval(y, p, null, out);
        }

        @Override
        public double condition(double[] y, double[] p) {
            g.eval(y, p, null, one);
            return one[0];
        }

        @Override
        public void input(double[] y, double w, double[] p, double[] out) {
            xw[0] = w;
            h.eval(y, p, xw, out);
        }

        @Override
        public void reset(double[] y, double[] p, double[] out) {
            r.eval(y, p, null, out);
        }

        @Override
        public void init(double[] p, double[] out) {
            y0.eval(null, p, null, out);
        }

        private void split(double[] yBar, double[] pBar) {
            System.arraycopy(buf, 0, yBar, 0, nc);
            System.arraycopy(buf, nc, pBar, 0, np);
        }

        @Override
        public void dynamicsVjp(double[] y, double[] p, double[] lam, double[] yBar, double[] pBar) {
            fVjp.eval(y, p, lam, buf);
            split(yBar, pBar);
        }

        @Override
        public void dynamicsVjpState(double[] y, double[] p, double[] lam, double[] yBar) {
            fVjpY.eval(y, p, lam, yBar);
        }

        @Override
        public void conditionGrad(double[] y, double[] p, double[] gy, double[] gp) {
            gGrad.eval(y, p, null, buf);
            split(gy, gp);
        }

        @Override
        public double inputVjp(double[] y, double w, double[] p, double[] lam, double[] yBar, double[] pBar) {
            xw[0] = w;
            System.arraycopy(lam, 0, xw, 1, nc);
            hVjp.eval(y, p, xw, buf);
            split(yBar, pBar);
            return buf[nc + np];
        }

        @Override
        public void resetVjp(double[] y, double[] p, double[] lam, double[] yBar, double[] pBar) {
            rVjp.eval(y, p, lam, buf);
            split(yBar, pBar);
        }

        @Override
        public void initVjp(double[] p, double[] lam, double[] pBar) {
            y0Vjp.eval(null, p, lam, buf);
            System.arraycopy(buf, 0, pBar, 0, np);
        }
    }
}
