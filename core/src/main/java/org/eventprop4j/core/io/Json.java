package org.eventprop4j.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Shared Jackson set-up and helpers of the interchange readers and writers (package-private). */
final class Json {

    /**
     * Reads standard JSON plus the literals {@code NaN}, {@code Infinity} and {@code -Infinity} (so that a NaN weight
     * is reported as such, not as a syntax error); rejects trailing content and duplicate keys.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Objects indented, arrays on one line; doubles as {@link Double#toString} (shortest round-trip form). */
    static final ObjectWriter WRITER = MAPPER.writerWithDefaultPrettyPrinter();

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Parses a whole file; I/O and syntax errors become one-line {@link InterchangeException}s naming the file. */
    static JsonNode readFile(Path path) {
        String label = path.toString();
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, label);
        } catch (NoSuchFileException e) {
            throw new InterchangeException("cannot read " + label + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InterchangeException("cannot read " + label + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(path)) {
                throw new InterchangeException("cannot read " + label + ": is a folder");
            }
            throw new InterchangeException("cannot read " + label + ": " + e.getMessage(), e);
        }
    }

    /** Parses JSON text from a stream; {@code label} names the source in messages (e.g. {@code "net.json"}). */
    static JsonNode parse(InputStream in, String label) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new InterchangeException("malformed JSON in " + label + ": " + JsonErrors.describe(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InterchangeException("malformed JSON in " + label + ": the file is empty");
        }
        return root;
    }

    /** Drops Jackson's "[Source: ...; line: 1, column: 13]" noise, keeping line and column. */
    static String cleanJacksonMessage(String m) {
        if (m == null) {
            return "syntax error";
        }
        return m.replaceAll("\\[Source: [^;\\]]*(?:\\][^;\\]]*)?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(",? from `[^`]*`", "").replaceAll("\\s+", " ").strip();
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "the string \"" + n.asText() + "\"";
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.asText();
    }

    /** A number (NaN and infinities pass through); {@code what} names it in the error. */
    static double number(JsonNode n, String label, String what) {
        if (n == null || !n.isNumber()) {
            throw new InterchangeException(label + ": " + what + " must be a number, got " + describe(n));
        }
        return n.doubleValue();
    }

    /** An array node; {@code what} names it in the error. */
    static ArrayNode array(JsonNode n, String label, String what) {
        if (n == null || !n.isArray()) {
            throw new InterchangeException(label + ": " + what + " must be an array, got " + describe(n));
        }
        return (ArrayNode) n;
    }

    /** A required member of an object. */
    static JsonNode required(JsonNode obj, String key, String label, String where) {
        JsonNode n = obj.get(key);
        if (n == null) {
            throw new InterchangeException(label + ": " + where + "missing required key \"" + key + "\"");
        }
        return n;
    }

    /** The top-level object of a file. */
    static ObjectNode object(JsonNode n, String label) {
        if (!n.isObject()) {
            throw new InterchangeException(label + ": expected a JSON object at the top level, got " + describe(n));
        }
        return (ObjectNode) n;
    }

    /** A JSON array of numbers; non-finite values are written as {@code null}. */
    static ArrayNode numbers(double[] v) {
        ArrayNode a = NODES.arrayNode(v.length);
        for (double x : v) {
            if (Double.isFinite(x)) {
                a.add(x);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    /** Writes a tree atomically. */
    static void write(Path target, JsonNode root) throws IOException {
        AtomicFiles.write(target, out -> {
            WRITER.writeValue(new NonClosing(out), root);
            out.write('\n');
        });
    }

    /** Keeps Jackson from closing the atomic writer's stream before the trailing newline. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
