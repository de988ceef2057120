package org.eventprop4j.core.model;

/**
 * Declares one per-neuron parameter of a {@link NeuronModel}: its name, default value, whether the optimiser may
 * train it, and its open or closed validity interval.
 *
 * @param name         parameter name as used in the interchange format (e.g. {@code "tau_mem"})
 * @param defaultValue value used when the network builder is not given one
 * @param trainable    whether gradients are computed for it and optimisers update it
 * @param lower        lower bound of the valid range
 * @param lowerOpen    whether the lower bound is excluded ({@code tau > 0})
 * @param upper        upper bound of the valid range ({@code +inf} for none)
 * @param unit         human-readable unit, e.g. {@code "ms"}; empty for dimensionless
 */
public record ParamSpec(String name, double defaultValue, boolean trainable, double lower, boolean lowerOpen,
                        double upper, String unit) {

    /**
     * A trainable time constant in ms, strictly positive.
     *
     * @param name         the parameter's name
     * @param defaultValue its default, ms
     * @return the specification
     */
    public static ParamSpec timeConstant(String name, double defaultValue) {
        return new ParamSpec(name, defaultValue, true, 0.0, true, Double.POSITIVE_INFINITY, "ms");
    }

    /**
     * A trainable unbounded real parameter.
     *
     * @param name         the parameter's name
     * @param defaultValue its default
     * @return the specification
     */
    public static ParamSpec real(String name, double defaultValue) {
        return new ParamSpec(name, defaultValue, true, Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, "");
    }

    /**
     * A trainable strictly positive parameter.
     *
     * @param name         the parameter's name
     * @param defaultValue its default
     * @return the specification
     */
    public static ParamSpec positive(String name, double defaultValue) {
        return new ParamSpec(name, defaultValue, true, 0.0, true, Double.POSITIVE_INFINITY, "");
    }

    /**
     * The same parameter, fixed (not trained).
     *
     * @return a copy with {@code trainable} false
     */
    public ParamSpec fixed() {
        return new ParamSpec(name, defaultValue, false, lower, lowerOpen, upper, unit);
    }

    /**
     * Whether {@code v} is finite and inside the valid range.
     *
     * @param v the value
     * @return whether it is valid
     */
    public boolean isValid(double v) {
        if (!Double.isFinite(v)) {
            return false;
        }
        boolean aboveLower = lowerOpen ? v > lower : v >= lower;
        return aboveLower && v <= upper;
    }

    /**
     * A readable statement of the valid range, e.g. {@code "tau_mem > 0"}.
     *
     * @return the range, or {@code "NAME finite"} if unbounded
     */
    public String rangeText() {
        StringBuilder sb = new StringBuilder();
        if (lower != Double.NEGATIVE_INFINITY) {
            sb.append(name).append(lowerOpen ? " > " : " >= ").append(fmt(lower));
        }
        if (upper != Double.POSITIVE_INFINITY) {
            sb.append(sb.length() > 0 ? " and " : "").append(name).append(" <= ").append(fmt(upper));
        }
        return sb.length() == 0 ? name + " finite" : sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Throws {@link IllegalArgumentException} naming the parameter if {@code v} is invalid.
     *
     * @param v the value
     * @param where context for the message, e.g. {@code "layer 0 neuron 3"}
     */
    public void check(double v, String where) {
        if (!isValid(v)) {
            throw new IllegalArgumentException(
                    "invalid " + name + " = " + v + " at " + where + ": need " + rangeText());
        }
    }
}
