package dev.llmx.cli.docs;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.render.Terminal;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the files generated from the command model: {@code completions/} and {@code man/}. Run from the
 * repository root after a build: {@code java -cp target/llmx.jar dev.llmx.cli.docs.GenerateDocs} (an optional
 * argument names another root folder). A test regenerates them in memory and fails when the committed ones differ.
 */
public final class GenerateDocs {
    /** A fixed help width, so that the output does not depend on the terminal it was generated in. */
    private static final int WIDTH = 80;

    private GenerateDocs() {
    }

    /** Path relative to the repository root → content, for every generated file. */
    public static Map<String, String> generate() {
        Terminal quiet = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, false, false, false, WIDTH);
        CommandLine llmx = CommandLineFactory.create(quiet);
        llmx.setUsageHelpWidth(WIDTH);
        Map<String, String> files = new LinkedHashMap<>();
        CompletionScripts.generate(llmx).forEach((name, text) -> files.put("completions/" + name, text));
        addManPages(llmx, files);
        return files;
    }

    private static void addManPages(CommandLine command, Map<String, String> files) {
        files.put("man/" + ManPage.fileName(command.getCommandSpec()), ManPage.render(command.getCommandSpec()));
        for (CommandLine sub : command.getSubcommands().values()) {
            addManPages(sub, files);
        }
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        try {
            for (Map.Entry<String, String> file : generate().entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                System.out.println("wrote " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated files under " + root.toAbsolutePath(), e);
        }
    }
}
