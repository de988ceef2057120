package org.eventprop4j.core.sim;

/** Thrown when one sample produces more events than {@link SimOptions#maxEventSteps()} allows. */
public final class EventCapExceededException extends SimulationException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message names the cap and where it was exceeded.
     *
     * @param cap    the event cap ({@link SimOptions#maxEventSteps()})
     * @param layer  the layer of the event that exceeded it
     * @param neuron the neuron of that event, or negative if input spikes exceeded it (the message then names neither
     *               layer nor time)
     * @param time   the time of that event, ms
     */
    public EventCapExceededException(int cap, int layer, int neuron, double time) {
        super("event cap exceeded: more than maxEventSteps = " + cap + " events in one sample ("
                + (neuron < 0 ? "input spikes" : "layer " + layer + ", neuron " + neuron + " at t = " + time + " ms")
                + "); raise maxEventSteps or check the parameters");
    }
}
