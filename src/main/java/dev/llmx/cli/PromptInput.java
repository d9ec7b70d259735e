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
 * The prompt of a command that runs the model: TEXT arguments (joined with spaces), {@code -p TEXT}, {@code -f FILE},
 * or standard input when it is not a terminal. A file or standard input is taken byte for byte (a trailing newline is part of
 * the prompt). No text at all is an empty prompt: the model starts from its BOS token alone.
 */
public final class PromptInput {
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "The prompt (several arguments are joined with spaces).")
    List<String> words = new ArrayList<>();

    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT",
            description = "The prompt, as llama.cpp's -p (instead of TEXT arguments).")
    String promptOption;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the prompt from FILE ('-' is standard input).")
    Path file;

    /** Whether a prompt was given as arguments or with -f. */
    public boolean given() {
        return !words.isEmpty() || file != null;
    }

    /** The prompt text. */
    public String read(Terminal terminal) throws IOException {
        int given = (words.isEmpty() ? 0 : 1) + (file == null ? 0 : 1) + (promptOption == null ? 0 : 1);
        if (given > 1) {
            throw new UsageException("give the prompt one way: as arguments, with -p or with -f");
        }
        if (promptOption != null) {
            return promptOption;
        }
        if (!words.isEmpty()) {
            return String.join(" ", words);
        }
        if (file != null && !file.toString().equals("-")) {
            try {
                return Utf8.decodeStrict(Files.readAllBytes(file), file.toString(), 0);
            } catch (NoSuchFileException e) {
                throw new LlmxException(file + ": no such file");
            }
        }
        if (file != null || !terminal.stdinIsTerminal()) {
            return Utf8.decodeStrict(readAll(terminal.in()), "standard input", 0);
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
