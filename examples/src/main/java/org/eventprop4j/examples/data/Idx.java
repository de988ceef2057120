package org.eventprop4j.examples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX files of MNIST-like data sets (plain or gzip-compressed, recognised by content): a big-endian
 * header {@code 0 0 type rank}, then {@code rank} big-endian int32 sizes, then the unsigned bytes. Only type
 * {@code 0x08} (unsigned byte) is read. The byte count must match the sizes exactly, so a truncated or padded file is
 * an error naming the file.
 */
public final class Idx {

    /** The sizes and the raw values (unsigned bytes, 0..255) in C order. */
    public record Data(int[] dims, byte[] values) {
        /**
         * Value {@code i} as 0..255.
         *
         * @param i index into {@code values} (C order)
         * @return the value, 0..255
         */
        public int at(int i) {
            return values[i] & 0xff;
        }
    }

    private Idx() {
    }

    /**
     * Reads {@code file} (gzip or plain).
     *
     * @param file the IDX file
     * @return the sizes and values
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static Data read(Path file) {
        byte[] b;
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(2);
            InputStream in = raw;
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            if (head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                in = new GZIPInputStream(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), raw));
            } else {
                all.write(head);
            }
            in.transferTo(all);
            b = all.toByteArray();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException(file + ": corrupt or truncated gzip data (" + (e.getMessage() != null
                    ? e.getMessage() : "unexpected end of file") + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(b, file.toString());
    }

    /**
     * Parses IDX bytes; {@code label} names the source in errors.
     *
     * @param b     the file contents (uncompressed)
     * @param label name of the source in error messages
     * @return the sizes and values
     * @throws IllegalArgumentException if the data is not a well-formed IDX file of unsigned bytes (bad magic, other
     *                                  type, truncated header, negative size, or a byte count that does not match the
     *                                  sizes)
     */
    public static Data parse(byte[] b, String label) {
        if (b.length < 4 || b[0] != 0 || b[1] != 0) {
            throw new IllegalArgumentException(label + ": not an IDX file (bad magic)");
        }
        if ((b[2] & 0xff) != 0x08) {
            throw new IllegalArgumentException(label + ": IDX type 0x" + Integer.toHexString(b[2] & 0xff)
                    + " not supported (only unsigned bytes, 0x08)");
        }
        int rank = b[3] & 0xff;
        if (rank < 1) {
            throw new IllegalArgumentException(label + ": IDX rank 0 (no sizes)");
        }
        if (b.length < 4 + 4 * rank) {
            throw new IllegalArgumentException(label + ": truncated IDX header (rank " + rank + " needs " + 4 * rank
                    + " bytes of sizes, the file has " + (b.length - 4) + ")");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            int o = 4 + 4 * d;
            dims[d] = ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
            if (dims[d] < 0) {
                throw new IllegalArgumentException(label + ": IDX size " + d + " is negative");
            }
            // exact up to 2^31 values, then only "more" (never overflows: below 2^62)
            count = count == 0 || dims[d] == 0 ? 0 : count > Integer.MAX_VALUE ? count : count * dims[d];
        }
        long have = b.length - 4L - 4L * rank;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(label + ": sizes " + java.util.Arrays.toString(dims)
                    + " are too large (more than " + Integer.MAX_VALUE + " values), the file has " + have
                    + " bytes of data");
        }
        if (have != count) {
            throw new IllegalArgumentException(label + ": " + (have < count ? "truncated" : "too long") + ": sizes "
                    + java.util.Arrays.toString(dims) + " need " + count + " bytes of data, the file has " + have);
        }
        return new Data(dims, java.util.Arrays.copyOfRange(b, 4 + 4 * rank, b.length));
    }
}
