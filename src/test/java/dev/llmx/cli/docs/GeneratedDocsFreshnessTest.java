package dev.llmx.cli.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed completions/ and man/ must be exactly what the current command model generates. */
class GeneratedDocsFreshnessTest {
    private static final String HOW_TO_REGENERATE = "regenerate them from the repository root with: "
            + "mvn -q -DskipTests package && java -cp target/llmx.jar dev.llmx.cli.docs.GenerateDocs";

    private final Map<String, String> generated = GenerateDocs.generate();

    @Test
    void committedFilesMatchTheCommandModel() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path committed = Path.of(file.getKey());
            if (!Files.isRegularFile(committed)
                    || !Files.readString(committed, StandardCharsets.UTF_8).equals(file.getValue())) {
                stale.add(file.getKey());
            }
        }
        assertEquals(List.of(), stale, "out of date or missing: " + stale + "; " + HOW_TO_REGENERATE);
    }

    @Test
    void noCommittedFileIsLeftOverFromARemovedCommand() throws IOException {
        List<String> extra = new ArrayList<>();
        for (String folder : List.of("completions", "man")) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                files.map(p -> folder + "/" + p.getFileName()).filter(p -> !generated.containsKey(p))
                        .forEach(extra::add);
            }
        }
        assertEquals(List.of(), extra, "not generated any more: delete " + extra + " and " + HOW_TO_REGENERATE);
    }

    @Test
    void everyCommandHasAManPageAndItsExamples() {
        for (String command : List.of("llmx", "llmx-tokenize", "llmx-generate", "llmx-kv-cost", "llmx-quantize")) {
            String page = generated.get("man/" + command + ".1");
            assertTrue(page != null && page.contains(".SH SYNOPSIS") && page.contains(".SH OPTIONS"), command);
        }
        assertTrue(generated.get("man/llmx-tokenize.1").contains(".SH EXAMPLES\n.nf\n.RS 4\nllmx tokenize"),
                "the footer's examples become the EXAMPLES section");
    }

    @Test
    void bashCompletionKnowsEverySubcommandZshReusesItAndFishHasItsOwn() {
        String bash = generated.get("completions/llmx.bash");
        for (String command : List.of("tokenize", "kv-cost", "quantize", "generate", "bench")) {
            assertTrue(bash.contains(command), command);
        }
        assertTrue(bash.contains("--encoding"), "options of subcommands are completed");
        assertTrue(generated.get("completions/llmx.zsh").contains("bashcompinit"));
        assertTrue(generated.get("completions/llmx.fish").contains("complete -c llmx"), "fish has its own script");
    }
}
