package org.eventprop4j.core.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict reading of JSON objects: a key a reader does not know is an error that names it, with the closest known key
 * as a hint, never silently ignored (a typo such as {@code solver_step_size} would otherwise leave the default in
 * place, and {@code thresh} on a QIF network would look meaningful).
 */
public final class JsonKeys {
    private JsonKeys() {
    }

    /**
     * Fails if {@code obj} (an object) has a key outside {@code known}.
     *
     * @param obj   the node to check; nothing is checked if it is null or not an object
     * @param known the allowed keys
     * @param label names the source in the message (e.g. the file)
     * @param where where the object sits, e.g. {@code "layer 0: "} (may be empty)
     * @throws InterchangeException {@code label: where unknown key "k" (did you mean "x"?); known keys: ...}
     */
    public static void requireKnown(JsonNode obj, Collection<String> known, String label, String where) {
        if (obj == null || !obj.isObject()) {
            return;
        }
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                String near = closest(k, known);
                throw new InterchangeException(label + ": " + where + "unknown key \"" + k + "\""
                        + (near != null ? " (did you mean \"" + near + "\"?)" : "") + "; known keys: "
                        + String.join(", ", known));
            }
        }
    }

    /** The known key within edit distance 3 of {@code k} (the nearest; null if none). */
    static String closest(String k, Collection<String> known) {
        String best = null;
        int bestD = 4;
        for (String c : known) {
            int d = distance(k.toLowerCase(java.util.Locale.ROOT), c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Levenshtein distance (short keys only). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * {@code fixed} followed by {@code more}, as one list (for a layer's keys: fixed keys and parameter names).
     *
     * @param fixed the first keys
     * @param more  the keys that follow
     * @return a new list of both
     */
    public static List<String> concat(Collection<String> fixed, Collection<String> more) {
        List<String> all = new ArrayList<>(fixed);
        all.addAll(more);
        return all;
    }
}
