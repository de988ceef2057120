package org.eventprop4j.optim;

import org.eventprop4j.core.model.ParamSpec;

/**
 * Projects updated parameter values back into their valid range ({@link ParamSpec}) after an optimiser step:
 * a value below a closed lower bound goes to the bound; one at or below an open lower bound ({@code tau > 0},
 * {@code thresh > 0}) goes to {@code lower + margin}; one above the upper bound goes to the bound. Weights are not
 * clamped. Default margin: {@value #DEFAULT_MARGIN} (ms for time constants).
 */
public final class ParamClamp {
    /** Default distance kept from an open lower bound: 1e-3 (ms for time constants). */
    public static final double DEFAULT_MARGIN = 1e-3;

    private final double margin;

    /** @param margin distance kept from open lower bounds ({@code > 0}) */
    public ParamClamp(double margin) {
        if (!(margin > 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("margin must be positive and finite, got " + margin);
        }
        this.margin = margin;
    }

    /**
     * The clamp with {@link #DEFAULT_MARGIN}.
     *
     * @return a clamp with margin {@link #DEFAULT_MARGIN}
     */
    public static ParamClamp standard() {
        return new ParamClamp(DEFAULT_MARGIN);
    }

    /**
     * Distance kept from open lower bounds.
     *
     * @return the margin
     */
    public double margin() {
        return margin;
    }

    /**
     * The value {@code v} clamped into the valid range of {@code spec}.
     *
     * @param spec the parameter's specification (its bounds)
     * @param v    the value
     * @return the value moved into the valid range, or {@code v} if it is already inside
     */
    public double apply(ParamSpec spec, double v) {
        double lo = spec.lowerOpen() ? spec.lower() + margin : spec.lower();
        if (v < lo || (spec.lowerOpen() && v <= spec.lower())) {
            return lo;
        }
        return Math.min(v, spec.upper());
    }

    /** Clamps {@code values[from..to)} in place; returns how many changed. */
    int apply(ParamSpec spec, double[] values, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            double c = apply(spec, values[i]);
            if (c != values[i]) {
                values[i] = c;
                n++;
            }
        }
        return n;
    }
}
