package org.eventprop4j.core.sim;

/** Counts the events of one sample against {@link SimOptions#maxEventSteps()}. Not thread-safe: one per sample. */
public final class EventBudget {
    private final int cap;
    private int used;

    public EventBudget(int cap) {
        this.cap = cap;
    }

    /** Counts {@code n} events; throws if the cap is exceeded. */
    public void consume(int n, int layer, int neuron, double time) {
        used += n;
        if (used > cap) {
            throw new EventCapExceededException(cap, layer, neuron, time);
        }
    }

    /** Events counted so far. */
    public int used() {
        return used;
    }
}
