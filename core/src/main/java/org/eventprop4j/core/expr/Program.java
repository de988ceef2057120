package org.eventprop4j.core.expr;

import java.util.Arrays;

/**
 * An immutable straight-line program extracted from a {@link Graph}: the nodes that the chosen outputs need, in
 * dependency order. {@link #newKernel} turns it into JVM bytecode ({@link KernelCompiler}), or interprets it where
 * compiling is not possible.
 */
public final class Program {
    final byte[] op;
    final int[] a;
    final int[] b;
    final double[] k;
    final int[] outputs;

    private Program(byte[] op, int[] a, int[] b, double[] k, int[] outputs) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.k = k;
        this.outputs = outputs;
    }

    /**
     * The program computing nodes {@code outs} of {@code g} (dead nodes removed, numbering compacted).
     *
     * @param g    the graph
     * @param outs the output nodes, in the order of the program's outputs
     * @return a new program
     */
    public static Program of(Graph g, int[] outs) {
        boolean[] live = new boolean[g.n];
        for (int o : outs) {
            live[o] = true;
        }
        for (int i = g.n - 1; i >= 0; i--) {
            if (live[i]) {
                int ar = Op.arity(g.op[i]);
                if (ar >= 1) {
                    live[g.a[i]] = true;
                }
                if (ar == 2) {
                    live[g.b[i]] = true;
                }
            }
        }
        int[] map = new int[g.n];
        int m = 0;
        for (int i = 0; i < g.n; i++) {
            map[i] = live[i] ? m++ : -1;
        }
        byte[] op = new byte[m];
        int[] a = new int[m];
        int[] b = new int[m];
        double[] k = new double[m];
        for (int i = 0; i < g.n; i++) {
            if (!live[i]) {
                continue;
            }
            int j = map[i];
            op[j] = g.op[i];
            k[j] = g.k[i];
            int ar = Op.arity(g.op[i]);
            a[j] = ar >= 1 ? map[g.a[i]] : g.a[i];
            b[j] = ar == 2 ? map[g.b[i]] : -1;
        }
        int[] o = new int[outs.length];
        for (int i = 0; i < outs.length; i++) {
            o[i] = map[outs[i]];
        }
        return new Program(op, a, b, k, o);
    }

    /**
     * Number of instructions (inputs and constants included).
     *
     * @return the number of instructions
     */
    public int size() {
        return op.length;
    }

    /**
     * Whether the program reads input array {@code kind} ({@link Op#IN_Y}, {@link Op#IN_P} or {@link Op#IN_X}).
     *
     * @param kind the input array
     * @return whether some instruction reads an element of it
     */
    public boolean reads(byte kind) {
        for (byte o : op) {
            if (o == kind) {
                return true;
            }
        }
        return false;
    }

    /**
     * Number of outputs.
     *
     * @return the number of outputs
     */
    public int outputCount() {
        return outputs.length;
    }

    /**
     * Number of arithmetic instructions (neither input nor constant).
     *
     * @return the number of arithmetic instructions
     */
    public int operationCount() {
        int c = 0;
        for (byte o : op) {
            c += Op.arity(o) > 0 ? 1 : 0;
        }
        return c;
    }

    /**
     * A compiled kernel for this program (bytecode), or an interpreter where bytecode cannot be generated.
     *
     * @return a new kernel (one per thread)
     */
    public Kernel newKernel() {
        Kernel k = KernelCompiler.compile(this);
        return k != null ? k : newInterpreter();
    }

    /**
     * A compiled batch kernel for this program, or a loop over an interpreter where bytecode cannot be generated.
     *
     * @return a new batch kernel (one per thread)
     */
    public BatchKernel newBatchKernel() {
        BatchKernel k = KernelCompiler.compileBatch(this);
        return k != null ? k : new BatchInterpreter(this);
    }

    /** Interprets the program instance by instance (gathering and scattering the channel-major arrays). */
    static final class BatchInterpreter implements BatchKernel {
        private final Interpreter one;
        private final int ny;
        private final int np;
        private final int nx;
        private final double[] y;
        private final double[] p;
        private final double[] x;
        private final double[] o;

        BatchInterpreter(Program pr) {
            one = new Interpreter(pr);
            int my = 0;
            int mp = 0;
            int mx = 0;
            for (int i = 0; i < pr.op.length; i++) {
                switch (pr.op[i]) {
                    case Op.IN_Y -> my = Math.max(my, pr.a[i] + 1);
                    case Op.IN_P -> mp = Math.max(mp, pr.a[i] + 1);
                    case Op.IN_X -> mx = Math.max(mx, pr.a[i] + 1);
                    default -> {
                    }
                }
            }
            ny = my;
            np = mp;
            nx = mx;
            y = new double[ny];
            p = new double[np];
            x = new double[nx];
            o = new double[pr.outputs.length];
        }

        @Override
        public void eval(double[] ya, double[] pa, double[] xa, double[] out, int from, int to, int stride) {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < ny; j++) {
                    y[j] = ya[j * stride + i];
                }
                for (int j = 0; j < np; j++) {
                    p[j] = pa[j * stride + i];
                }
                for (int j = 0; j < nx; j++) {
                    x[j] = xa[j * stride + i];
                }
                one.eval(y, p, x, o);
                for (int j = 0; j < o.length; j++) {
                    out[j * stride + i] = o[j];
                }
            }
        }
    }

    /**
     * An interpreter for this program (the reference semantics; one per thread).
     *
     * @return a new interpreter
     */
    public Kernel newInterpreter() {
        return new Interpreter(this);
    }

    /** Interprets the program on a register file of one double per instruction. */
    static final class Interpreter implements Kernel {
        private final Program pr;
        private final double[] r;

        Interpreter(Program pr) {
            this.pr = pr;
            this.r = Arrays.copyOf(pr.k, pr.k.length);
        }

        @Override
        public void eval(double[] y, double[] p, double[] x, double[] out) {
            final byte[] op = pr.op;
            final int[] a = pr.a;
            final int[] b = pr.b;
            final double[] r = this.r;
            for (int i = 0; i < op.length; i++) {
                switch (op[i]) {
                    case Op.CONST -> {
                    }
                    case Op.IN_Y -> r[i] = y[a[i]];
                    case Op.IN_P -> r[i] = p[a[i]];
                    case Op.IN_X -> r[i] = x[a[i]];
                    case Op.ADD -> r[i] = r[a[i]] + r[b[i]];
                    case Op.SUB -> r[i] = r[a[i]] - r[b[i]];
                    case Op.MUL -> r[i] = r[a[i]] * r[b[i]];
                    case Op.DIV -> r[i] = r[a[i]] / r[b[i]];
                    case Op.NEG -> r[i] = -r[a[i]];
                    default -> r[i] = Op.apply(op[i], r[a[i]], b[i] >= 0 ? r[b[i]] : 0.0);
                }
            }
            int[] o = pr.outputs;
            for (int j = 0; j < o.length; j++) {
                out[j] = r[o[j]];
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < op.length; i++) {
            sb.append('%').append(i).append(" = ").append(Op.name(op[i]));
            int ar = Op.arity(op[i]);
            if (op[i] == Op.CONST) {
                sb.append(' ').append(k[i]);
            } else if (ar == 0) {
                sb.append('[').append(a[i]).append(']');
            } else {
                sb.append(" %").append(a[i]);
                if (ar == 2) {
                    sb.append(" %").append(b[i]);
                }
            }
            sb.append('\n');
        }
        sb.append("out ").append(Arrays.toString(outputs));
        return sb.toString();
    }
}
