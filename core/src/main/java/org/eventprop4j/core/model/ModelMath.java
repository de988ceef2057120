package org.eventprop4j.core.model;

import org.eventprop4j.core.expr.Tracer;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.FastMath;

/**
 * Value-dependent functions for neuron-model equations that stay traceable: use these instead of
 * {@code FastMath.min/max} (which read the value with {@code getReal()} and so force a model onto the slow generic
 * path). With plain numbers and AD types they are {@code FastMath}'s functions; while tracing they are recorded as
 * operations (the derivative follows the branch taken, as with {@code FastMath}).
 */
public final class ModelMath {
    private ModelMath() {
    }

    /**
     * {@code min(a, b)}.
     *
     * @param <T> the field
     * @param a   the first operand
     * @param b   the second operand
     * @return the smaller of the two
     */
    @SuppressWarnings("unchecked")
    public static <T extends CalculusFieldElement<T>> T min(T a, double b) {
        if (a instanceof Tracer t) {
            return (T) t.min(t.newInstance(b));
        }
        return FastMath.min(a, b);
    }

    /**
     * {@code max(a, b)}.
     *
     * @param <T> the field
     * @param a   the first operand
     * @param b   the second operand
     * @return the larger of the two
     */
    @SuppressWarnings("unchecked")
    public static <T extends CalculusFieldElement<T>> T max(T a, double b) {
        if (a instanceof Tracer t) {
            return (T) t.max(t.newInstance(b));
        }
        return FastMath.max(a, b);
    }

    /**
     * {@code min(a, b)}.
     *
     * @param <T> the field
     * @param a   the first operand
     * @param b   the second operand
     * @return the smaller of the two
     */
    @SuppressWarnings("unchecked")
    public static <T extends CalculusFieldElement<T>> T min(T a, T b) {
        if (a instanceof Tracer t) {
            return (T) t.min((Tracer) b);
        }
        return FastMath.min(a, b);
    }

    /**
     * {@code max(a, b)}.
     *
     * @param <T> the field
     * @param a   the first operand
     * @param b   the second operand
     * @return the larger of the two
     */
    @SuppressWarnings("unchecked")
    public static <T extends CalculusFieldElement<T>> T max(T a, T b) {
        if (a instanceof Tracer t) {
            return (T) t.max((Tracer) b);
        }
        return FastMath.max(a, b);
    }
}
