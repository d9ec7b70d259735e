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

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new LlmxException("standard input is larger than " + (MAX_BYTES >> 20) + " MiB; not a conversation");
        }
        return bytes;
    }
}
