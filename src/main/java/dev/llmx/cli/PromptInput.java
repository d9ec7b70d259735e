package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.io.Utf8;
import dev.llmx.render.Terminal;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompt of a command that runs the model: TEXT arguments (joined with spaces), or {@code -f FILE}, or standard
 * input when it is not a terminal. A file or standard input is taken byte for byte (a trailing newline is part of
 * the prompt). No text at all is an empty prompt: the model starts from its BOS token alone.
 */
public final class PromptInput {
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "The prompt (several arguments are joined with spaces).")
    List<String> words = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the prompt from FILE ('-' is standard input).")
    Path file;

    /** The prompt text. */
    public String read(Terminal terminal) throws IOException {
        if (!words.isEmpty() && file != null) {
            throw new UsageException("give the prompt either as arguments or with -f, not both");
        }
        if (!words.isEmpty()) {
            return String.join(" ", words);
        }
        if (file != null && !file.toString().equals("-")) {
            try {
                return Utf8.decode(Files.readAllBytes(file), file.toString(), 0, false);
            } catch (NoSuchFileException e) {
                throw new LlmxException(file + ": no such file");
            }
        }
        if (file != null || !terminal.stdinIsTerminal()) {
            return Utf8.decode(readAll(terminal.in()), "standard input", 0, false);
        }
        return "";
    }

    /**
     * Every byte of {@code in}. Not {@code FileInputStream.readAllBytes}: on JDK 17 it asks for the stream's position,
     * which a pipe does not have ("Illegal seek"), so {@code printf … | llmx logits} failed there.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
