package dev.llmx.cli;

import dev.llmx.LlmxException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file given on the command line as UTF-8, with the same "cannot read FILE: …" errors everywhere.
 * Public only for {@code dev.llmx.cli.train}; not an API.
 */
public final class TextFiles {
    private TextFiles() {
    }

    private interface Bytes {
        byte[] of(Path file) throws IOException;
    }

    /** The whole file; one larger than {@code maxBytes} is refused, before it is read, with {@code tooLarge}. */
    public static String whole(Path file, long maxBytes, String tooLarge) {
        return decode(file, f -> {
            if (Files.size(f) > maxBytes) {
                throw new LlmxException(tooLarge);
            }
            return Files.readAllBytes(f);
        });
    }

    /** At most the first {@code limit} bytes of the file (and never more than an array holds). */
    static String head(Path file, long limit) {
        return decode(file, f -> {
            try (InputStream in = Files.newInputStream(f)) {
                return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 16));
            }
        });
    }

    private static String decode(Path file, Bytes bytes) {
        try {
            return new String(bytes.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LlmxException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new LlmxException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
