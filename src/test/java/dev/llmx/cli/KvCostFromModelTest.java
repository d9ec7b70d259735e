package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.llmx.testing.CliRunner.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kv-cost -m}: the cost of a real model file, from its own metadata. */
class KvCostFromModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode costOf(Path model, String... more) throws IOException {
        String[] args = Stream.concat(Stream.of("kv-cost", "-m", model.toString(), "--format", "json"),
                Stream.of(more)).toArray(String[]::new);
        CliRunner.Result r = cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(r.stdout());
    }

    @Test
    void stories260KFromGgufAndFromTheHfFolderAgree() throws IOException {
        // 5 layers × 4 KV heads × head dim 8, K and V, f16: 5 × 2 × 32 × 2 B = 640 B per token.
        JsonNode gguf = costOf(Refs.require("models/stories260K.gguf"), "-c", "512");
        JsonNode hf = costOf(Refs.require("models/stories260K-hf"), "-c", "512");
        assertEquals(640, gguf.get("bytes_per_token").asLong());
        assertEquals(640L * 512, gguf.get("total_bytes").asLong());
        assertEquals(gguf.get("bytes_per_token"), hf.get("bytes_per_token"));
        assertEquals(gguf.get("weights_bytes"), hf.get("weights_bytes"), "F32 weights, the same bytes");
    }

    @Test
    void gemma3SlidingLayersHoldOnlyTheirWindow() throws IOException {
        // 6 layers, 1 KV head × 64, f16: 256 B per layer per token; window 16 on 5 of every 6 layers.
        JsonNode g = costOf(Refs.require("models/ref-gemma3-Q8_0.gguf"), "-c", "2048");
        assertEquals(6 * 256, g.get("bytes_per_token").asLong());
        assertEquals(2048L * 256 + 5L * 16 * 256, g.get("total_bytes").asLong());
        assertEquals("Q8_0", g.get("weights_type").asText());
    }

    @Test
    void weightsAreTheFilesTensorBytesUnlessAWeightTypeIsGiven() throws IOException {
        Path q4 = Refs.require("models/ref-llama-Q4_K_M.gguf");
        JsonNode asStored = costOf(q4);
        assertEquals("Q4_K_M", asStored.get("weights_type").asText());
        long fileBytes = Files.size(q4);
        long weights = asStored.get("weights_bytes").asLong();
        assertTrue(weights < fileBytes && weights > fileBytes * 0.9, weights + " of " + fileBytes);
        JsonNode f16 = costOf(q4, "--weight-type", "f16");
        assertEquals("f16", f16.get("weights_type").asText());
        assertTrue(f16.get("weights_bytes").asLong() > 2 * weights);
    }

    @Test
    void everyModelInTheRefsWorks() throws IOException {
        Path models = Refs.require("models");
        try (Stream<Path> files = Files.list(models)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".gguf") || Files.isDirectory(f)).toList()) {
                JsonNode cost = costOf(p);
                assertTrue(cost.get("bytes_per_token").asLong() > 0, p.toString());
            }
        }
    }

    @Test
    void aVocabularyOnlyFileOrTwoModelsAreOneLineErrors() {
        Path vocabOnly = Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-gpt-2.gguf");
        CliRunner.Result r = cli().run("kv-cost", "-m", vocabOnly.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("holds no weights (a vocabulary-only file?)"), r.stderr());
        assertEquals(1, r.stderr().lines().count());
        CliRunner.Result both = cli().run("kv-cost", "-m", vocabOnly.toString(), "--preset", "llama-3-8b");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(List.of(both.stderr().split("\n")).size() == 1);
    }
}
