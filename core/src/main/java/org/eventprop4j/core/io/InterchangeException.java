package org.eventprop4j.core.io;

/**
 * A file of the interchange format (see {@code spec/interchange.md}) is malformed or invalid. The message is one
 * line that names the file and the problem, e.g. {@code net.json: layer 0: weights has 2 rows, expected fan-in 3}.
 * It is an {@link IllegalArgumentException}, so callers that treat invalid input uniformly need no extra case.
 */
public class InterchangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}, line breaks collapsed into single spaces.
     *
     * @param message what is wrong, starting with the file name
     */
    public InterchangeException(String message) {
        super(oneLine(message));
    }

    /**
     * An exception with {@code message}, line breaks collapsed into single spaces, and a cause.
     *
     * @param message what is wrong, starting with the file name
     * @param cause   the underlying exception
     */
    public InterchangeException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Collapses line breaks so that the message always fits on one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
