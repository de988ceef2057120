package org.eventprop4j.core.sim;

/** Moves one neuron's state forward between events and stops at its first spike. Not thread-safe. */
interface Flow {

    /**
     * Advances {@code y} (in place) by at most {@code gap} ms. If the spike condition is reached at some
     * {@code s in (0, gap]}, stops there ({@code y} = state just before the spike) and returns {@code s}; otherwise
     * {@code y} becomes the state at {@code gap} and the result is NaN. The spike condition must be negative at the
     * start.
     */
    double advance(double[] y, double[] p, double gap);

    /** Advances {@code y} (in place) by {@code gap} ms without looking for spikes. */
    void flowOnly(double[] y, double[] p, double gap);

    /**
     * The dense output (local time {@code 0..gap}) of the last {@link #flowOnly} while recording is on, or null if
     * this flow has none (closed forms).
     */
    default org.hipparchus.ode.DenseOutputModel lastDense() {
        return null;
    }

    /** Turns recording of {@link #lastDense} on or off (no effect on flows without dense output). */
    default void recordDense(boolean on) {
    }
}
