package org.eventprop4j.core.sim;

/** The simulation cannot go on: a model misbehaved (NaN state, endless re-firing) or a limit was reached. */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
