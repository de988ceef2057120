package org.eventprop4j.core.model;

/**
 * Optional capability of a {@link NeuronModel}: its equations evaluated directly on doubles, the exact flow of its
 * state between events and an exact search for the next threshold crossing. A model that offers it is simulated
 * without numerical integration, and must agree exactly with its generic equations.
 *
 * <p>Every method works on one neuron: {@code y} is its state (length {@link NeuronModel#channelCount()}), modified
 * in place, and {@code p} its parameters in the order of {@link NeuronModel#params()}. Times are in ms.
 */
public interface ClosedForm {

    /**
     * Replaces {@code y} by the state a time {@code s >= 0} later, assuming no event in between.
     *
     * @param y the state, replaced in place
     * @param p the neuron's parameters
     * @param s the elapsed time, ms ({@code >= 0})
     */
    void flow(double[] y, double[] p, double s);

    /**
     * The smallest {@code s} in {@code (0, gap]} at which the spike condition is reached (the state touches or
     * crosses the threshold), or {@code NaN} if it is not reached in that interval. Requires the spike condition to
     * be below zero at {@code s = 0}.
     *
     * @param y   the state at {@code s = 0}
     * @param p   the neuron's parameters
     * @param gap the end of the searched interval, ms
     * @return that {@code s}, ms, or {@code NaN}
     */
    double nextCrossing(double[] y, double[] p, double gap);

    /**
     * Same as {@link NeuronModel#spikeCondition}.
     *
     * @param y the state
     * @param p the neuron's parameters
     * @return {@code g(y, p)}, negative below threshold
     */
    double spikeCondition(double[] y, double[] p);

    /**
     * Same as {@link NeuronModel#inputSpike}, in place.
     *
     * @param y the state, updated in place
     * @param w the synaptic weight
     * @param p the neuron's parameters
     */
    void inputSpike(double[] y, double w, double[] p);

    /**
     * Same as {@link NeuronModel#resetSpiked}, in place.
     *
     * @param y the state at the spike, reset in place
     * @param p the neuron's parameters
     */
    void resetSpiked(double[] y, double[] p);
}
