package org.eventprop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes replace regular files only: a symbolic link, a pipe or a device is refused and left as it was. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private static void write(Path p) throws IOException {
        AtomicFiles.write(p, o -> o.write("new".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void replacesARegularFile() throws IOException {
        Path p = dir.resolve("a.json");
        Files.writeString(p, "old");
        write(p);
        assertEquals("new", Files.readString(p));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void refusesASymbolicLinkAndLeavesItsTargetAlone() throws IOException {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "keep");
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, target);
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(link));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void refusesADevice() {
        Path dev = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(dev), "no /dev/null here; skipped");
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(dev));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertFalse(Files.isRegularFile(dev, LinkOption.NOFOLLOW_LINKS));
    }
}
