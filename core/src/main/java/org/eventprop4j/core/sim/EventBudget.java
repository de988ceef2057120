package org.eventprop4j.core.sim;

/**
 * Counts the work of one sample: events against {@link SimOptions#maxEventSteps()} and, in numerically integrated
 * layers, integrator steps and threshold checks against {@link SimOptions#maxSolverSteps()}. Not thread-safe: one per
 * sample.
 */
public final class EventBudget {
    private final int cap;
    private final long workCap;
    private int used;
    private long work;

    /**
     * A budget of {@code cap} events, with the default cap on integrator steps and checks
     * ({@link SimOptions#DEFAULT_MAX_SOLVER_STEPS}).
     *
     * @param cap the most events the sample may produce ({@link SimOptions#maxEventSteps()})
     */
    public EventBudget(int cap) {
        this(cap, SimOptions.DEFAULT_MAX_SOLVER_STEPS);
    }

    /**
     * A budget of {@code cap} events and {@code workCap} integrator steps plus threshold checks.
     *
     * @param cap     the most events the sample may produce ({@link SimOptions#maxEventSteps()})
     * @param workCap the most integrator steps plus threshold checks ({@link SimOptions#maxSolverSteps()})
     */
    public EventBudget(int cap, long workCap) {
        this.cap = cap;
        this.workCap = workCap;
    }

    /**
     * Counts {@code n} events; throws if the cap is exceeded.
     *
     * @param n      the number of events
     * @param layer  the layer index, for the message
     * @param neuron the neuron index, or negative for input spikes, for the message
     * @param time   the time of the event (ms), for the message
     * @throws EventCapExceededException if more than {@code cap} events have now been counted
     */
    public void consume(int n, int layer, int neuron, double time) {
        used += n;
        if (used > cap) {
            throw new EventCapExceededException(cap, layer, neuron, time);
        }
    }

    /**
     * Counts {@code units} integrator steps or checks; false if the sample has now exceeded its cap.
     *
     * @param units the number of steps or checks
     * @return whether the total counted so far is still within {@link #workCap()}
     */
    public boolean work(long units) {
        work += units;
        return work <= workCap;
    }

    /**
     * The cap on integrator steps and checks.
     *
     * @return the cap
     */
    public long workCap() {
        return workCap;
    }

    /**
     * Events counted so far.
     *
     * @return the number of events
     */
    public int used() {
        return used;
    }

    /**
     * Integrator steps and checks counted so far.
     *
     * @return the number of steps and checks
     */
    public long workUsed() {
        return work;
    }
}
