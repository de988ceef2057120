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

    public EventBudget(int cap) {
        this(cap, SimOptions.DEFAULT_MAX_SOLVER_STEPS);
    }

    public EventBudget(int cap, long workCap) {
        this.cap = cap;
        this.workCap = workCap;
    }

    /** Counts {@code n} events; throws if the cap is exceeded. */
    public void consume(int n, int layer, int neuron, double time) {
        used += n;
        if (used > cap) {
            throw new EventCapExceededException(cap, layer, neuron, time);
        }
    }

    /** Counts {@code units} integrator steps or checks; false if the sample has now exceeded its cap. */
    public boolean work(long units) {
        work += units;
        return work <= workCap;
    }

    /** The cap on integrator steps and checks. */
    public long workCap() {
        return workCap;
    }

    /** Events counted so far. */
    public int used() {
        return used;
    }

    /** Integrator steps and checks counted so far. */
    public long workUsed() {
        return work;
    }
}
