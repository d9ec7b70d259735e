package dev.llmx.io;

import dev.llmx.LlmxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {
    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("No space left on device");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
    }

    @Test
    void aSuccessfulWriteReplacesTheFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old");
        AtomicFile.write(target, out -> out.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8))));
        assertEquals("new", Files.readString(target));
    }

    @Test
    void devicesAreWrittenInPlaceNeverRenamedOver(@TempDir Path dir) throws IOException {
        // Only the decision is tested: writing to a real device from a test could damage the machine if it failed.
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            assertTrue(AtomicFile.writesInPlace(devNull));
        }
        Path regular = dir.resolve("regular");
        Files.writeString(regular, "x");
        assertFalse(AtomicFile.writesInPlace(regular));
        assertFalse(AtomicFile.writesInPlace(dir.resolve("missing")));
    }

    @Test
    void aFolderIsRefused(@TempDir Path dir) {
        LlmxException e = assertThrows(LlmxException.class, () -> AtomicFile.write(dir, out -> { }));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }
}
