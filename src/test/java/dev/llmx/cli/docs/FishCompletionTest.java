package dev.llmx.cli.docs;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FishCompletionTest {
    private final String fish = GenerateDocs.generate().get("completions/llmx.fish");

    @Test
    void listsSubcommandsWithTheirSummaries() {
        assertTrue(fish.contains("complete -c llmx -n __fish_use_subcommand -a kv-cost -d 'KV cache size, weights "
                + "memory, FLOPs and decode speed limits of a model'\n"), fish);
        assertTrue(fish.contains("complete -c llmx -n __fish_use_subcommand -s q -l quiet "), "root options");
    }

    @Test
    void offersTheValuesOfAnOptionWithAFixedSetAndFilesForAPath() {
        String tokenize = "complete -c llmx -n '__fish_seen_subcommand_from tokenize' ";
        assertTrue(fish.contains(tokenize + "-l format -x -a 'table json jsonl csv md' -d "), fish);
        assertTrue(fish.contains(tokenize + "-s m -l model -r -F -d "), fish);
        assertTrue(fish.contains(tokenize + "-l count -d "), "a flag takes no value");
        assertTrue(fish.contains("-l type -x -a 'F32 F16 BF16 Q8_0 "), "quantize types");
        assertTrue(fish.contains("-l color -x -a 'auto always never' "), fish);
    }

    @Test
    void quotesAndShortensDescriptionsForFish() {
        assertEquals("'it\\'s a \\\\ b'", FishCompletion.quote("it's a \\ b"));
        assertEquals("Read FILE", FishCompletion.shorten("Read FILE. Then more."));
        assertEquals("Tensors, e.g. blk.0", FishCompletion.shorten("Tensors, e.g. blk.0."));
        assertTrue(FishCompletion.shorten("word ".repeat(40)).endsWith("word…"));
    }

    /** fish parses the script without complaint, where fish is installed (skipped elsewhere). */
    @Test
    void fishAcceptsTheScript() throws Exception {
        assumeTrue(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "fish"))), "fish is not installed");
        Path script = Files.createTempFile("llmx", ".fish");
        try {
            Files.writeString(script, fish, StandardCharsets.UTF_8);
            Process check = new ProcessBuilder("fish", "--no-config", "-n", script.toString())
                    .redirectErrorStream(true).start();
            assertTrue(check.waitFor(30, TimeUnit.SECONDS), "fish -n finished");
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.exitValue(), output);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
