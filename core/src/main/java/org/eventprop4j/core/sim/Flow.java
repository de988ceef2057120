package org.eventprop4j.core.sim;

import org.eventprop4j.core.ode.DenseTrajectory;

/** Moves one neuron's state forward between events and stops at its first spike. Not thread-safe. */
interface Flow {

    /**
     * Starts a neuron: the flow forgets what it learnt from the previous one (step sizes), so that a neuron's result
     * never depends on which neuron the same thread ran before. {@code budget} (null: no limit) counts its work.
     */
    default void beginNeuron(EventBudget budget, int layer, int neuron) {
    }

    /**
     * Suggests the first step size (ms) for the neuron just begun, e.g. a step a lockstep layer integration accepted
     * for it; flows without steps ignore it.
     */
    default void suggestStep(double h) {
    }

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
     * With recording on: the dense output of every {@link #flowOnly} since the last {@link #beginNeuron}, each in its
     * segment's local time {@code 0..gap}; null for flows without one (closed forms).
     */
    default DenseTrajectory trajectory() {
        return null;
    }

    /** Turns recording of {@link #trajectory} on or off (no effect on flows without dense output). */
    default void recordDense(boolean on) {
    }
}
