package org.eventprop4j.core.expr;

/**
 * Thrown while tracing a model's equations when they do something a straight-line program cannot record, e.g. read a
 * value ({@code getReal()}) to branch on it. The model then runs through its generic methods instead.
 */
public final class NotTraceableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message what the equations did that cannot be traced
     */
    public NotTraceableException(String message) {
        super(message);
    }
}
