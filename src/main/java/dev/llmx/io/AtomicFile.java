package dev.llmx.io;

import dev.llmx.LlmxException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears complete or not at all: the content goes to a hidden temporary file next to the
 * target, which is renamed over the target only after it was written and flushed. An interrupted or failed write
 * leaves the target as it was (and removes the temporary file).
 *
 * <p>A target that exists but is not a regular file (a device such as {@code /dev/null} or {@code /dev/full}, a named
 * pipe) is written in place: renaming a file over it would replace the device itself.
 */
public final class AtomicFile {
    /** The body of a write: fill the channel (positional writes and holes are fine). */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel out) throws IOException;
    }

    private AtomicFile() {
    }

    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new LlmxException("cannot write " + target + ": it is a folder");
        }
        if (writesInPlace(absolute)) {
            try (FileChannel out = FileChannel.open(absolute, StandardOpenOption.WRITE)) {
                body.write(out);
            }
            return;
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new LlmxException("cannot write " + target + ": folder " + dir + " does not exist");
        }
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // CREATE_NEW with the default permissions (unlike createTempFile's owner-only ones): the result is an
            // ordinary file once renamed.
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(out);
                out.force(false);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code target} is written directly: it exists and is something other than a regular file. */
    static boolean writesInPlace(Path target) {
        return Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
    }
}
