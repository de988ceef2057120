package org.eventprop4j.core.expr;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A straight-line expression graph built by tracing a model's generic equations ({@link Tracer}): nodes are numbered
 * in creation order, so every node's operands precede it. Construction folds constants, applies the identities that
 * differentiation produces in bulk ({@code x + 0}, {@code x * 1}, {@code x * 0}, ...) and shares identical
 * subexpressions (hash-consing), so that derivative graphs stay small.
 *
 * <p>{@link #vjp} differentiates symbolically in reverse mode: it appends the nodes of a vector-Jacobian product to
 * the same graph, from which {@link Program#of} extracts the straight-line program of any set of outputs.
 */
public final class Graph {
    byte[] op = new byte[64];
    int[] a = new int[64];
    int[] b = new int[64];
    double[] k = new double[64];
    int n;
    private final Map<Key, Integer> index = new HashMap<>();

    private record Key(byte op, int a, int b, long bits) {
    }

    /**
     * Number of nodes.
     *
     * @return the number of nodes
     */
    public int size() {
        return n;
    }

    private int node(byte o, int x, int y, double v) {
        Key key = new Key(o, x, y, Double.doubleToRawLongBits(v));
        Integer found = index.get(key);
        if (found != null) {
            return found;
        }
        if (n == op.length) {
            int cap = 2 * n;
            op = Arrays.copyOf(op, cap);
            a = Arrays.copyOf(a, cap);
            b = Arrays.copyOf(b, cap);
            k = Arrays.copyOf(k, cap);
        }
        op[n] = o;
        a[n] = x;
        b[n] = y;
        k[n] = v;
        index.put(key, n);
        return n++;
    }

    /**
     * A constant node.
     *
     * @param v the value
     * @return the node number (an existing constant node with the same bits is reused)
     */
    public int constant(double v) {
        return node(Op.CONST, -1, -1, v);
    }

    /**
     * An input node: element {@code i} of array {@code kind} ({@link Op#IN_Y}, {@link Op#IN_P}, {@link Op#IN_X}).
     *
     * @param kind the input array
     * @param i    the element index in that array
     * @return the node number (an existing node for the same input is reused)
     * @throws IllegalArgumentException if {@code kind} is not one of the three input kinds
     */
    public int input(byte kind, int i) {
        if (kind != Op.IN_Y && kind != Op.IN_P && kind != Op.IN_X) {
            throw new IllegalArgumentException("not an input kind: " + kind);
        }
        return node(kind, i, -1, 0.0);
    }

    boolean isConst(int i) {
        return op[i] == Op.CONST;
    }

    private boolean isConst(int i, double v) {
        return op[i] == Op.CONST && k[i] == v;
    }

    /** A unary operation, folded if its operand is constant. */
    int unary(byte o, int x) {
        if (o == Op.NEG) {
            return neg(x);
        }
        if (isConst(x)) {
            return constant(Op.apply(o, k[x], 0.0));
        }
        return node(o, x, -1, 0.0);
    }

    /** A binary operation, folded and simplified where an identity applies. */
    int binary(byte o, int x, int y) {
        switch (o) {
            case Op.ADD:
                return add(x, y);
            case Op.SUB:
                return sub(x, y);
            case Op.MUL:
                return mul(x, y);
            case Op.DIV:
                return div(x, y);
            default:
                break;
        }
        if (isConst(x) && isConst(y)) {
            return constant(Op.apply(o, k[x], k[y]));
        }
        return node(o, x, y, 0.0);
    }

    int add(int x, int y) {
        if (isConst(x) && isConst(y)) {
            return constant(k[x] + k[y]);
        }
        if (isConst(x, 0.0)) {
            return y;
        }
        if (isConst(y, 0.0)) {
            return x;
        }
        if (op[y] == Op.NEG) {
            return sub(x, a[y]);
        }
        if (op[x] == Op.NEG) {
            return sub(y, a[x]);
        }
        return x <= y ? node(Op.ADD, x, y, 0.0) : node(Op.ADD, y, x, 0.0);
    }

    int sub(int x, int y) {
        if (isConst(x) && isConst(y)) {
            return constant(k[x] - k[y]);
        }
        if (isConst(y, 0.0)) {
            return x;
        }
        if (isConst(x, 0.0)) {
            return neg(y);
        }
        if (op[y] == Op.NEG) {
            return add(x, a[y]);
        }
        return node(Op.SUB, x, y, 0.0);
    }

    int mul(int x, int y) {
        if (isConst(x) && isConst(y)) {
            return constant(k[x] * k[y]);
        }
        if (isConst(x, 0.0) || isConst(y, 0.0)) {
            return constant(0.0);
        }
        if (isConst(x, 1.0)) {
            return y;
        }
        if (isConst(y, 1.0)) {
            return x;
        }
        if (isConst(x, -1.0)) {
            return neg(y);
        }
        if (isConst(y, -1.0)) {
            return neg(x);
        }
        return x <= y ? node(Op.MUL, x, y, 0.0) : node(Op.MUL, y, x, 0.0);
    }

    int div(int x, int y) {
        if (isConst(x) && isConst(y)) {
            return constant(k[x] / k[y]);
        }
        if (isConst(y, 1.0)) {
            return x;
        }
        if (isConst(y, -1.0)) {
            return neg(x);
        }
        if (isConst(x, 0.0)) {
            return constant(0.0);
        }
        return node(Op.DIV, x, y, 0.0);
    }

    int neg(int x) {
        if (isConst(x)) {
            return constant(-k[x]);
        }
        if (op[x] == Op.NEG) {
            return a[x];
        }
        return node(Op.NEG, x, -1, 0.0);
    }

    /**
     * Reverse-mode symbolic differentiation: appends the nodes of {@code sum_i seed_i * d outs_i / d wrt_j} for every
     * {@code j} and returns their node numbers (a constant 0 where an input does not reach the outputs).
     *
     * @param outs  output nodes
     * @param seeds one node per output (the cotangent), e.g. {@link Op#IN_X} inputs or the constant 1
     * @param wrt   the nodes to differentiate with respect to (usually inputs)
     * @return one node per entry of {@code wrt}, in the same order
     */
    public int[] vjp(int[] outs, int[] seeds, int[] wrt) {
        final int n0 = n;
        int[] adj = new int[n0];
        Arrays.fill(adj, -1);
        int top = -1;
        for (int i = 0; i < outs.length; i++) {
            accumulate(adj, outs[i], seeds[i]);
            top = Math.max(top, outs[i]);
        }
        for (int j = top; j >= 0; j--) {
            int g = adj[j];
            if (g < 0 || isConst(g, 0.0)) {
                continue;
            }
            int x = a[j];
            int y = b[j];
            switch (op[j]) {
                case Op.CONST, Op.IN_Y, Op.IN_P, Op.IN_X, Op.SIGN, Op.FLOOR, Op.CEIL, Op.RINT, Op.LE -> {
                }
                case Op.ADD -> {
                    accumulate(adj, x, g);
                    accumulate(adj, y, g);
                }
                case Op.SUB -> {
                    accumulate(adj, x, g);
                    accumulate(adj, y, neg(g));
                }
                case Op.MUL -> {
                    accumulate(adj, x, mul(g, y));
                    accumulate(adj, y, mul(g, x));
                }
                case Op.DIV -> {
                    accumulate(adj, x, div(g, y));
                    accumulate(adj, y, neg(div(mul(g, j), y)));
                }
                case Op.NEG -> accumulate(adj, x, neg(g));
                case Op.EXP -> accumulate(adj, x, mul(g, j));
                case Op.EXPM1 -> accumulate(adj, x, mul(g, add(j, constant(1.0))));
                case Op.LOG -> accumulate(adj, x, div(g, x));
                case Op.LOG1P -> accumulate(adj, x, div(g, add(x, constant(1.0))));
                case Op.LOG10 -> accumulate(adj, x, div(g, mul(x, constant(Math.log(10.0)))));
                case Op.SIN -> accumulate(adj, x, mul(g, unary(Op.COS, x)));
                case Op.COS -> accumulate(adj, x, neg(mul(g, unary(Op.SIN, x))));
                case Op.TAN -> accumulate(adj, x, mul(g, add(constant(1.0), mul(j, j))));
                case Op.ASIN -> accumulate(adj, x, div(g, unary(Op.SQRT, sub(constant(1.0), mul(x, x)))));
                case Op.ACOS -> accumulate(adj, x, neg(div(g, unary(Op.SQRT, sub(constant(1.0), mul(x, x))))));
                case Op.ATAN -> accumulate(adj, x, div(g, add(constant(1.0), mul(x, x))));
                case Op.ATAN2 -> {
                    // j = atan2(x, y): d/dx = y / (x^2 + y^2), d/dy = -x / (x^2 + y^2)
                    int r2 = add(mul(x, x), mul(y, y));
                    accumulate(adj, x, div(mul(g, y), r2));
                    accumulate(adj, y, neg(div(mul(g, x), r2)));
                }
                case Op.SINH -> accumulate(adj, x, mul(g, unary(Op.COSH, x)));
                case Op.COSH -> accumulate(adj, x, mul(g, unary(Op.SINH, x)));
                case Op.TANH -> accumulate(adj, x, mul(g, sub(constant(1.0), mul(j, j))));
                case Op.ASINH -> accumulate(adj, x, div(g, unary(Op.SQRT, add(mul(x, x), constant(1.0)))));
                case Op.ACOSH -> accumulate(adj, x, div(g, unary(Op.SQRT, sub(mul(x, x), constant(1.0)))));
                case Op.ATANH -> accumulate(adj, x, div(g, sub(constant(1.0), mul(x, x))));
                case Op.SQRT -> accumulate(adj, x, div(g, mul(constant(2.0), j)));
                case Op.CBRT -> accumulate(adj, x, div(g, mul(constant(3.0), mul(j, j))));
                case Op.POW -> {
                    // j = x^y: d/dx = y x^(y-1), d/dy = j log x
                    accumulate(adj, x, mul(g, mul(y, binary(Op.POW, x, sub(y, constant(1.0))))));
                    if (!isConst(y)) {
                        accumulate(adj, y, mul(g, mul(j, unary(Op.LOG, x))));
                    }
                }
                case Op.ABS -> accumulate(adj, x, mul(g, unary(Op.SIGN, x)));
                case Op.MIN -> {
                    int s = binary(Op.LE, x, y);
                    accumulate(adj, x, mul(g, s));
                    accumulate(adj, y, mul(g, sub(constant(1.0), s)));
                }
                case Op.MAX -> {
                    int s = binary(Op.LE, x, y);
                    accumulate(adj, x, mul(g, sub(constant(1.0), s)));
                    accumulate(adj, y, mul(g, s));
                }
                case Op.HYPOT -> {
                    accumulate(adj, x, mul(g, div(x, j)));
                    accumulate(adj, y, mul(g, div(y, j)));
                }
                case Op.REM -> {
                    // j = x - y * rint(x / y)
                    accumulate(adj, x, g);
                    accumulate(adj, y, neg(mul(g, unary(Op.RINT, div(x, y)))));
                }
                default -> throw new IllegalStateException("no derivative for " + Op.name(op[j]));
            }
        }
        int[] out = new int[wrt.length];
        for (int i = 0; i < wrt.length; i++) {
            int w = wrt[i];
            out[i] = w < n0 && adj[w] >= 0 ? adj[w] : constant(0.0);
        }
        return out;
    }

    private void accumulate(int[] adj, int target, int contribution) {
        adj[target] = adj[target] < 0 ? contribution : add(adj[target], contribution);
    }
}
