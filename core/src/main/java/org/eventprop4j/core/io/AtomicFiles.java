package org.eventprop4j.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement: the content is written to a hidden temporary file in the target's folder, flushed to
 * disk, and then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see either the old file
 * or the complete new one; a failure (exception, full disk, kill) never leaves a partial target file. A target that
 * exists but is not a regular file (a symbolic link, a device, a pipe) is refused, never replaced.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole content to {@code out} (do not close it).
         *
         * @param out the stream
         * @throws IOException on failure
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Atomically creates or replaces {@code target} with what {@code writer} produces.
     *
     * @param target the file to create or replace
     * @param writer writes the content to the temporary file's stream
     * @throws IOException if the folder does not exist or is not writable, or the writer fails; the target is then
     *                     unchanged and no temporary file is left behind
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "folder " + dir + " does not exist");
        }
        if (Files.isSymbolicLink(abs)) {
            // moving over it would replace the link (not write where it points); refuse rather than guess
            throw new java.nio.file.FileSystemException(target.toString(), null,
                    "is a symbolic link (not replaced; give the path of a regular file)");
        }
        if (Files.isDirectory(abs)) {
            throw new java.nio.file.FileSystemException(target.toString(), null, "is a folder");
        }
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileSystemException(target.toString(), null,
                    "is not a regular file (a device or a pipe is never replaced)");
        }
        Path tmp = dir.resolve("." + abs.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush(); // the channel stays open until forced below
                    }
                });
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original failure is more useful
                }
            }
        }
    }
}
