package org.eventprop4j.core.sim;

/** Thrown when one sample produces more events than {@link SimOptions#maxEventSteps()} allows. */
public final class EventCapExceededException extends SimulationException {
    private static final long serialVersionUID = 1L;

    public EventCapExceededException(int cap, int layer, int neuron, double time) {
        super("event cap exceeded: more than maxEventSteps = " + cap + " events in one sample ("
                + (neuron < 0 ? "input spikes" : "layer " + layer + ", neuron " + neuron + " at t = " + time + " ms")
                + "); raise maxEventSteps or check the parameters");
    }
}
