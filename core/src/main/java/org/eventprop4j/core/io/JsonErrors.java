package org.eventprop4j.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** One-line descriptions of JSON syntax errors, for every reader of the project's JSON files. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * What is wrong and where, without the parser's internals: e.g. {@code "Unexpected end-of-input (line 3, column
     * 7)"}. Works when the parser knows no location (a number too long, nesting too deep).
     *
     * @param e the parser's exception
     * @return the cleaned-up parser message, with {@code " (line L, column C)"} appended when the location is known
     */
    public static String describe(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 0 ? ""
                : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        return Json.cleanJacksonMessage(e.getOriginalMessage()) + where;
    }
}
