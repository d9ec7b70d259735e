package dev.llmx.cli.chat;

import dev.llmx.LlmxException;
import dev.llmx.chat.Conversation;
import dev.llmx.io.Utf8;
import dev.llmx.render.Terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a conversation (CONV.json, or '-' for standard input), refusing files too large to be one. */
public final class ConversationInput {
    /** A conversation larger than this is refused before it is read (a million-token context is ~4 MB of text). */
    static final long MAX_BYTES = 64L << 20;

    private ConversationInput() {
    }

    public static Conversation read(Path path, Terminal terminal) {
        String name = path.toString().equals("-") ? "standard input" : path.toString();
        byte[] bytes;
        try {
            if (path.toString().equals("-")) {
                bytes = readBounded(terminal.in());
            } else {
                if (Files.size(path) > MAX_BYTES) {
                    throw new LlmxException(name + " is larger than " + (MAX_BYTES >> 20) + " MiB; not a conversation");
                }
                bytes = Files.readAllBytes(path);
            }
        } catch (NoSuchFileException e) {
            throw new LlmxException(name + ": no such file");
        } catch (IOException e) {
            throw new LlmxException("cannot read " + name + ": " + e.getMessage());
        }
        return Conversation.parse(Utf8.decode(bytes, name, 0, false), name);
    }

    /** Reads in chunks (a pipe cannot be asked its size), refusing more than {@link #MAX_BYTES}. */
    private static byte[] readBounded(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                throw new LlmxException("standard input is larger than " + (MAX_BYTES >> 20)
                        + " MiB; not a conversation");
            }
        }
        return out.toByteArray();
    }
}
