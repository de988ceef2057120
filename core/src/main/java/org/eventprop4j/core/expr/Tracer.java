package org.eventprop4j.core.expr;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.Field;

/**
 * A field element that records every operation applied to it into a {@link Graph} instead of computing a value: the
 * model's generic equations, called once with tracers, become a straight-line program. Values are unknown while
 * tracing, so anything that reads one ({@link #getReal()}, comparisons, {@code FastMath.min}) throws
 * {@link NotTraceableException}; use {@link org.eventprop4j.core.model.ModelMath} for min, max and friends.
 */
public final class Tracer implements CalculusFieldElement<Tracer> {
    final Graph graph;
    final int node;
    private final TracerField field;

    Tracer(TracerField field, int node) {
        this.field = field;
        this.graph = field.graph;
        this.node = node;
    }

    /**
     * The node this tracer stands for.
     *
     * @return the node's number in the graph
     */
    public int node() {
        return node;
    }

    private Tracer of(int n) {
        return new Tracer(field, n);
    }

    private Tracer un(byte op) {
        return of(graph.unary(op, node));
    }

    private Tracer bin(byte op, Tracer other) {
        return of(graph.binary(op, node, other.node));
    }

    private Tracer c(double v) {
        return of(graph.constant(v));
    }

    /**
     * {@code min(this, other)}, recorded (used by {@code ModelMath}).
     *
     * @param other the other operand, from the same graph
     * @return a tracer for the result
     */
    public Tracer min(Tracer other) {
        return bin(Op.MIN, other);
    }

    /**
     * {@code max(this, other)}, recorded (used by {@code ModelMath}).
     *
     * @param other the other operand, from the same graph
     * @return a tracer for the result
     */
    public Tracer max(Tracer other) {
        return bin(Op.MAX, other);
    }

    @Override
    public double getReal() {
        throw new NotTraceableException("the equations read a value (getReal(), e.g. to branch on it or through "
                + "FastMath.min/max); use ModelMath.min/max or branch-free arithmetic");
    }

    @Override
    public Tracer getAddendum() {
        throw new NotTraceableException("the equations call getAddendum()");
    }

    @Override
    public Field<Tracer> getField() {
        return field;
    }

    @Override
    public Tracer newInstance(double value) {
        return c(value);
    }

    @Override
    public Tracer add(Tracer a) {
        return bin(Op.ADD, a);
    }

    @Override
    public Tracer add(double a) {
        return of(graph.add(node, graph.constant(a)));
    }

    @Override
    public Tracer subtract(Tracer a) {
        return bin(Op.SUB, a);
    }

    @Override
    public Tracer subtract(double a) {
        return of(graph.sub(node, graph.constant(a)));
    }

    @Override
    public Tracer negate() {
        return of(graph.neg(node));
    }

    @Override
    public Tracer multiply(int n) {
        return multiply((double) n);
    }

    @Override
    public Tracer multiply(double a) {
        return of(graph.mul(node, graph.constant(a)));
    }

    @Override
    public Tracer multiply(Tracer a) {
        return bin(Op.MUL, a);
    }

    @Override
    public Tracer divide(Tracer a) {
        return bin(Op.DIV, a);
    }

    @Override
    public Tracer divide(double a) {
        return of(graph.div(node, graph.constant(a)));
    }

    @Override
    public Tracer reciprocal() {
        return of(graph.div(graph.constant(1.0), node));
    }

    @Override
    public Tracer square() {
        return multiply(this);
    }

    @Override
    public Tracer scalb(int n) {
        return multiply(Math.scalb(1.0, n));
    }

    @Override
    public Tracer hypot(Tracer y) {
        return bin(Op.HYPOT, y);
    }

    @Override
    public Tracer sqrt() {
        return un(Op.SQRT);
    }

    @Override
    public Tracer cbrt() {
        return un(Op.CBRT);
    }

    @Override
    public Tracer rootN(int n) {
        if (n == 2) {
            return sqrt();
        }
        if (n == 3) {
            return cbrt();
        }
        return pow(1.0 / n);
    }

    @Override
    public Tracer pow(double p) {
        if (p == 1.0) {
            return this;
        }
        if (p == 2.0) {
            return multiply(this);
        }
        if (p == 0.5) {
            return sqrt();
        }
        return bin(Op.POW, c(p));
    }

    @Override
    public Tracer pow(int n) {
        if (n == 0) {
            return c(1.0);
        }
        if (n == 1) {
            return this;
        }
        if (n == 2) {
            return multiply(this);
        }
        if (n == 3) {
            return multiply(this).multiply(this);
        }
        return bin(Op.POW, c(n));
    }

    @Override
    public Tracer pow(Tracer e) {
        return bin(Op.POW, e);
    }

    @Override
    public Tracer exp() {
        return un(Op.EXP);
    }

    @Override
    public Tracer expm1() {
        return un(Op.EXPM1);
    }

    @Override
    public Tracer log() {
        return un(Op.LOG);
    }

    @Override
    public Tracer log1p() {
        return un(Op.LOG1P);
    }

    @Override
    public Tracer log10() {
        return un(Op.LOG10);
    }

    @Override
    public Tracer cos() {
        return un(Op.COS);
    }

    @Override
    public Tracer sin() {
        return un(Op.SIN);
    }

    @Override
    public Tracer tan() {
        return un(Op.TAN);
    }

    @Override
    public Tracer acos() {
        return un(Op.ACOS);
    }

    @Override
    public Tracer asin() {
        return un(Op.ASIN);
    }

    @Override
    public Tracer atan() {
        return un(Op.ATAN);
    }

    @Override
    public Tracer atan2(Tracer x) {
        return bin(Op.ATAN2, x);
    }

    @Override
    public Tracer cosh() {
        return un(Op.COSH);
    }

    @Override
    public Tracer sinh() {
        return un(Op.SINH);
    }

    @Override
    public Tracer tanh() {
        return un(Op.TANH);
    }

    @Override
    public Tracer acosh() {
        return un(Op.ACOSH);
    }

    @Override
    public Tracer asinh() {
        return un(Op.ASINH);
    }

    @Override
    public Tracer atanh() {
        return un(Op.ATANH);
    }

    @Override
    public Tracer toDegrees() {
        return multiply(180.0 / Math.PI);
    }

    @Override
    public Tracer toRadians() {
        return multiply(Math.PI / 180.0);
    }

    @Override
    public Tracer linearCombination(Tracer[] a, Tracer[] b) {
        Tracer s = c(0.0);
        for (int i = 0; i < a.length; i++) {
            s = s.add(a[i].multiply(b[i]));
        }
        return s;
    }

    @Override
    public Tracer linearCombination(double[] a, Tracer[] b) {
        Tracer s = c(0.0);
        for (int i = 0; i < a.length; i++) {
            s = s.add(b[i].multiply(a[i]));
        }
        return s;
    }

    @Override
    public Tracer linearCombination(Tracer a1, Tracer b1, Tracer a2, Tracer b2) {
        return a1.multiply(b1).add(a2.multiply(b2));
    }

    @Override
    public Tracer linearCombination(double a1, Tracer b1, double a2, Tracer b2) {
        return b1.multiply(a1).add(b2.multiply(a2));
    }

    @Override
    public Tracer linearCombination(Tracer a1, Tracer b1, Tracer a2, Tracer b2, Tracer a3, Tracer b3) {
        return a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3));
    }

    @Override
    public Tracer linearCombination(double a1, Tracer b1, double a2, Tracer b2, double a3, Tracer b3) {
        return b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3));
    }

    @Override
    public Tracer linearCombination(Tracer a1, Tracer b1, Tracer a2, Tracer b2, Tracer a3, Tracer b3, Tracer a4,
                                    Tracer b4) {
        return a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)).add(a4.multiply(b4));
    }

    @Override
    public Tracer linearCombination(double a1, Tracer b1, double a2, Tracer b2, double a3, Tracer b3, double a4,
                                    Tracer b4) {
        return b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)).add(b4.multiply(a4));
    }

    @Override
    public Tracer ceil() {
        return un(Op.CEIL);
    }

    @Override
    public Tracer floor() {
        return un(Op.FLOOR);
    }

    @Override
    public Tracer rint() {
        return un(Op.RINT);
    }

    @Override
    public Tracer remainder(double a) {
        return bin(Op.REM, c(a));
    }

    @Override
    public Tracer remainder(Tracer a) {
        return bin(Op.REM, a);
    }

    @Override
    public Tracer sign() {
        return un(Op.SIGN);
    }

    @Override
    public Tracer copySign(Tracer s) {
        return abs().multiply(s.sign());
    }

    @Override
    public Tracer copySign(double s) {
        return Math.copySign(1.0, s) > 0 ? abs() : abs().negate();
    }

    @Override
    public Tracer abs() {
        return un(Op.ABS);
    }

    @Override
    public boolean isZero() {
        throw new NotTraceableException("the equations test a value (isZero())");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tracer t && t.graph == graph && t.node == node;
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(graph) + node;
    }

    @Override
    public String toString() {
        return "Tracer#" + node;
    }
}
