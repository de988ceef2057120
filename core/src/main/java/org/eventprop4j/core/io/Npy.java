package org.eventprop4j.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked reader and writer of NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0, the ones NumPy reads),
 * without ND4J: the header's dtype, order and shape are parsed, and the file must hold exactly the bytes the shape
 * asks for, so a truncated or padded file is an error naming the file, never garbage. Reads little- and big-endian
 * {@code float64, float32, int64, int32, int16, int8, uint8, bool} in C order into doubles (int64 beyond 2^53 is
 * refused); writes {@code <f8}.
 */
public final class Npy {

    /** An array: its shape and its values in C (row-major) order. */
    public record Array(long[] shape, double[] data) {
        /**
         * Number of dimensions.
         *
         * @return the length of {@code shape}
         */
        public int rank() {
            return shape.length;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** The dtypes read: byte order, then kind and size. */
    private static final Pattern DTYPE = Pattern.compile("([<>|=])(f8|f4|i8|i4|i2|i1|u1|b1)");

    private Npy() {
    }

    /**
     * Reads an {@code .npy} file.
     *
     * @param file the {@code .npy} file
     * @return its shape and values
     * @throws IllegalArgumentException "FILE: ..." naming what is wrong (missing, not .npy, unsupported version or
     *                                  dtype, malformed header, Fortran order, a shape too large, truncated or too
     *                                  long)
     */
    public static Array read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(b, file.toString());
    }

    /**
     * Parses the bytes of an {@code .npy} file; {@code label} names it in errors.
     *
     * @param b     the file's bytes
     * @param label name of the file in error messages
     * @return the shape and values
     * @throws IllegalArgumentException naming what is wrong (as for {@link #read})
     */
    public static Array parse(byte[] b, String label) {
        if (b.length < 10) {
            throw new IllegalArgumentException(label + ": not an .npy file (" + b.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new IllegalArgumentException(label + ": not an .npy file (no \\x93NUMPY magic)");
            }
        }
        int major = b[6] & 0xff;
        int minor = b[7] & 0xff;
        if (minor != 0 && major >= 1 && major <= 3) {
            // NumPy itself reads only versions 1.0, 2.0 and 3.0
            throw new IllegalArgumentException(label + ": unsupported .npy version " + major + "." + minor);
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new IllegalArgumentException(label + ": truncated .npy header");
            }
            headerLen = bb.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IllegalArgumentException(label + ": unsupported .npy version " + major);
        }
        if (start + headerLen > b.length) {
            throw new IllegalArgumentException(label + ": truncated .npy header (it declares " + headerLen
                    + " bytes, the file has " + (b.length - start) + " after the length field)");
        }
        String header = new String(b, start, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IllegalArgumentException(label + ": malformed .npy header: " + excerpt(header.strip()));
        }
        if (o.group(1).equals("True")) {
            throw new IllegalArgumentException(label + ": Fortran-order arrays are not supported (save in C order)");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(t);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(label + ": bad shape in .npy header: (" + excerpt(s.group(1))
                        + ")");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long v : shape) {
            count = v == 0 || count == 0 ? 0 : count > Long.MAX_VALUE / v ? Long.MAX_VALUE : count * v;
        }
        String descr = d.group(1);
        Matcher dt = DTYPE.matcher(descr);
        if (!dt.matches()) {
            throw new IllegalArgumentException(label + ": unsupported dtype '" + excerpt(descr)
                    + "' (float64, float32, int64, int32, int16, int8, uint8 or bool)");
        }
        ByteOrder order = dt.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String kind = dt.group(2);
        int size = switch (kind) {
            case "f8", "i8" -> 8;
            case "f4", "i4" -> 4;
            case "i2" -> 2;
            default -> 1;
        };
        if (count > Integer.MAX_VALUE - 8) {
            // before the size check: count * size could overflow
            throw new IllegalArgumentException(label + ": shape " + java.util.Arrays.toString(shape)
                    + " is too large (" + (count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : count) + " values; at most "
                    + (Integer.MAX_VALUE - 8) + ")");
        }
        long dataStart = start + headerLen;
        long need = count * size;
        long have = b.length - dataStart;
        if (have != need) {
            throw new IllegalArgumentException(label + ": " + (have < need ? "truncated" : "too long") + ": shape "
                    + java.util.Arrays.toString(shape) + " of " + descr + " needs " + need + " data bytes, the file has "
                    + have);
        }
        double[] data = new double[(int) count];
        ByteBuffer v = ByteBuffer.wrap(b, (int) dataStart, (int) need).slice().order(order);
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (kind) {
                case "f8" -> v.getDouble(i * 8);
                case "f4" -> v.getFloat(i * 4);
                case "i8" -> {
                    long x = v.getLong(i * 8);
                    if (Math.abs(x) > (1L << 53)) {
                        throw new IllegalArgumentException(label + ": int64 value " + x + " at " + i
                                + " is not exactly representable as a double");
                    }
                    yield x;
                }
                case "i4" -> v.getInt(i * 4);
                case "i2" -> v.getShort(i * 2);
                case "i1" -> v.get(i);
                case "u1" -> v.get(i) & 0xff;
                default -> v.get(i) != 0 ? 1.0 : 0.0;
            };
        }
        return new Array(shape, data);
    }

    /** Header text for an error message: at most 120 characters, control characters as {@code \xNN}. */
    private static String excerpt(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < 120; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out + "..." : out.toString();
    }

    /**
     * Writes {@code data} (C order) with {@code shape} as a version-1 {@code <f8} file, atomically.
     *
     * @param file  the file to write
     * @param shape the array's shape; the product of its entries must equal {@code data.length}
     * @param data  the values, C order
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, long[] shape, double[] data) throws IOException {
        long count = 1;
        for (long v : shape) {
            count *= v;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + count
                    + " values, got " + data.length);
        }
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? "," : "");
            if (i < shape.length - 1) {
                sh.append(' ');
            }
        }
        String h = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + sh + "), }";
        int total = 10 + h.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = h + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double x : data) {
            bb.putDouble(x);
        }
        byte[] bytes = bb.array();
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
