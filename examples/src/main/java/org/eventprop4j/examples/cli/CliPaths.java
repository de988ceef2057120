package org.eventprop4j.examples.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The one place where the CLI checks the paths it writes, before any work: an output never replaces one of the
 * command's inputs, a folder, a symbolic link, a device or a pipe; an empty path is an error, not the current folder;
 * a run folder is locked while a training writes into it. {@link org.eventprop4j.core.io.AtomicFiles} refuses links,
 * devices and pipes as well, for library users.
 */
final class CliPaths {
    /** Name of the lock file in a run folder. */
    static final String LOCK = ".evnn.lock";

    private CliPaths() {
    }

    /**
     * Checks the output file of {@code option} against {@code inputs} (option name to path; null paths ignored).
     *
     * @return {@code out}
     * @throws IllegalArgumentException naming the problem
     */
    static Path outputFile(String option, Path out, Map<String, Path> inputs) {
        if (out == null || out.toString().isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        if (Files.isSymbolicLink(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a symbolic link; give the path of a regular "
                    + "file (it is never replaced)");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a folder; give a file name");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(option + " " + out + " is not a regular file (a device or a pipe is "
                    + "never replaced)");
        }
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && same(out, in.getValue())) {
                throw new IllegalArgumentException(option + " " + out + " is the input " + in.getKey()
                        + "; write the result to another file");
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("cannot write " + out + " (" + option + "): folder " + parent
                    + " does not exist");
        }
        return out;
    }

    /** Whether two paths name the same file (following links; by normalised path when either does not exist). */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to the path comparison
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Checks an output folder: not empty; if it exists, a folder. */
    static Path outputFolder(String option, Path dir) {
        if (dir == null || dir.toString().isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty (give a folder, e.g. " + option
                    + " run-1)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " exists and is not a folder");
        }
        return dir;
    }

    /**
     * Locks a run folder for one training (an OS file lock on {@code dir/.evnn.lock}, released when the returned lock
     * is closed or the process ends, even by kill -9), then removes temporary files a crashed writer left there.
     *
     * @throws IllegalArgumentException if another training holds the lock
     */
    static FileLock lockRunFolder(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalArgumentException("another training is writing into " + dir + " (lock " + dir.resolve(LOCK)
                    + "); wait for it to end or choose another --out");
        }
        // with the lock held nobody else writes here: leftovers of an interrupted atomic write can go
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : s) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return lock;
    }
}
