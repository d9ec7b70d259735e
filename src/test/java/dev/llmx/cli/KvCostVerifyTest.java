package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.stream.Stream;

import static dev.llmx.testing.CliRunner.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kv-cost --verify}: the engine's real KV cache against the estimate. */
class KvCostVerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode verify(String... more) throws IOException {
        String[] args = Stream.concat(Stream.of("kv-cost", "--verify", "--format", "json"), Stream.of(more))
                .toArray(String[]::new);
        CliRunner.Result r = cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(r.stdout()).get("verify");
    }

    @Test
    void embeddedModelAtItsOwnContextIsExactlyTheEstimate() throws IOException {
        // stories260K: 5 layers × 4 KV heads × 8, K and V in F32 = 1,280 B per token; context 2,048 = 8 pages.
        JsonNode v = verify("--kv-type", "f32");
        assertEquals("f32", v.get("kv_type").asText());
        assertEquals(2048, v.get("context").asLong());
        assertEquals(1280L * 2048, v.get("estimated_bytes").asLong());
        assertEquals(v.get("estimated_bytes"), v.get("allocated_bytes"));
        assertTrue(v.get("equal").asBoolean());
        assertEquals(0, v.get("difference_bytes").asLong());
        assertEquals("the engine's cache is exactly the estimate", v.get("note").asText());
    }

    @Test
    void aContextBetweenPagesIsRoundedUpAndSaysSo() throws IOException {
        JsonNode v = verify("-c", "1000", "--kv-type", "f32");
        assertEquals(1280L * 1000, v.get("estimated_bytes").asLong());
        assertEquals(1280L * 1024, v.get("allocated_bytes").asLong());
        assertFalse(v.get("equal").asBoolean());
        assertEquals(1280L * 24, v.get("page_rounding_bytes").asLong());
        assertEquals(0, v.get("unexplained_bytes").asLong());
        assertTrue(v.get("note").asText().contains("pages of 256"), v.toString());
    }

    @Test
    void everyKvTypeIsAllocatedForReal() throws IOException {
        // ref-llama: 64-value heads, so q8_0 and q4_0 blocks fit; the engine's pages hold exactly the estimate.
        String model = Refs.require("models/ref-llama-Q8_0.gguf").toString();
        long f32 = verify("-m", model, "-c", "512", "--kv-type", "f32").get("allocated_bytes").asLong();
        for (String type : new String[] {"f16", "bf16", "q8_0", "q4_0"}) {
            JsonNode v = verify("-m", model, "-c", "512", "--kv-type", type);
            assertEquals(type, v.get("kv_type").asText());
            assertEquals(type, v.get("requested_kv_type").asText());
            assertTrue(v.get("equal").asBoolean(), v.toString());
            assertEquals("the engine's cache is exactly the estimate", v.get("note").asText());
            long bytes = v.get("allocated_bytes").asLong();
            long expected = switch (type) {
                case "f16", "bf16" -> f32 / 2;
                case "q8_0" -> f32 / 128 * 34;
                default -> f32 / 128 * 18;
            };
            assertEquals(expected, bytes, type);
        }
        // The embedded model's 8-value heads cannot hold a 32-value block: one line, exit 1.
        CliRunner.Result r = cli().run("kv-cost", "--verify", "--kv-type", "q8_0", "--format", "json");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx kv-cost: a q8_0 cache of keys needs a head dimension that is a multiple"
                + " of 32"), r.stderr());
    }

    @Test
    void gemma3SlidingLayersHoldTheWholeContextInTheEngine() throws IOException {
        // 6 layers, 1 KV head × 64, F32: 512 B per token per layer; 5 sliding layers with a window of 16.
        String model = Refs.require("models/ref-gemma3-Q8_0.gguf").toString();
        JsonNode v = verify("-m", model, "-c", "512", "--kv-type", "f32");
        assertEquals(512L * (512 + 5 * 16), v.get("estimated_bytes").asLong());
        assertEquals(512L * 6 * 512, v.get("allocated_bytes").asLong());
        assertFalse(v.get("equal").asBoolean());
        assertEquals(0, v.get("page_rounding_bytes").asLong());
        assertEquals(512L * 5 * (512 - 16), v.get("sliding_window_bytes").asLong());
        assertEquals(0, v.get("unexplained_bytes").asLong());
        assertTrue(v.get("note").asText().contains("5 sliding-window layers"), v.toString());
    }

    @Test
    void aReferenceLlamaIsExactlyTheEstimate() throws IOException {
        JsonNode v = verify("-m", Refs.require("models/ref-llama-Q8_0.gguf").toString(), "-c", "768",
                "--kv-type", "f32");
        assertTrue(v.get("equal").asBoolean(), v.toString());
    }

    @Test
    void tableShowsTheComparison() {
        CliRunner.Result r = cli().run("kv-cost", "--verify", "-c", "1000");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("Verify: the engine's KV cache"), r.stdout());
        assertTrue(r.stdout().contains("page rounding"), r.stdout());
    }

    @Test
    void refusesWhatItCannotAllocate() {
        assertEquals(2, cli().run("kv-cost", "--verify", "--preset", "llama-3-8b").exitCode());
        assertEquals(2, cli().run("kv-cost", "--verify", "--batch", "2").exitCode());
        assertEquals(2, cli().run("kv-cost", "--verify", "-c", "1k,2k").exitCode());
        CliRunner.Result tooLong = cli().run("kv-cost", "--verify", "-c", "4096");
        assertEquals(2, tooLong.exitCode(), tooLong::toString);
        assertTrue(tooLong.stderr().contains("context length"), tooLong.stderr());
    }

    @Test
    void withoutVerifyTheKeyIsNull() throws IOException {
        CliRunner.Result r = cli().run("kv-cost", "--preset", "llama-3-8b", "--format", "json");
        assertTrue(JSON.readTree(r.stdout()).get("verify").isNull());
    }
}
