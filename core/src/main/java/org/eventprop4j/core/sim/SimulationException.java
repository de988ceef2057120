package org.eventprop4j.core.sim;

/** The simulation cannot go on: a model misbehaved (NaN state, endless re-firing) or a limit was reached. */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message what went wrong
     */
    public SimulationException(String message) {
        super(message);
    }

    /**
     * An exception with {@code message} and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying exception
     */
    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
