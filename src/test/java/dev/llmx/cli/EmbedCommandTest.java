package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.embed.EmbeddingSpace;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.Tensor;
import dev.llmx.render.DisplayWidth;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx embed} on the embedded model, in-process. */
class EmbedCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws Exception {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        return new ObjectMapper().readTree(r.stdout());
    }

    /** Every row printed with --full is the dequantized row of token_embd in the file, value for value. */
    private static void assertRowsAreTheFileRows(Path model, JsonNode j) {
        try (ModelSource source = ModelFiles.open(model)) {
            Tensor embd = source.tensor("token_embd.weight");
            assertEquals(embd.type().name(), j.get("tensor").get("type").asText());
            for (JsonNode t : j.get("tokens")) {
                float[] expected = embd.dequantizeRow(t.get("id").asInt());
                JsonNode values = t.get("values");
                assertEquals(expected.length, values.size());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], values.get(i).floatValue(), 0f, "row " + t.get("id") + " dim " + i);
                }
                assertEquals(EmbeddingSpace.norm(expected), t.get("norm").asDouble(), 1e-9);
            }
        }
    }

    @Test
    void rowsAreTheTokenEmbdRowsAndRepeatedTokensHaveIdenticalRows() throws Exception {
        JsonNode j = json("embed", "--format", "json", "--full", "the cat saw the cat");
        assertEquals("[64,512]", j.get("tensor").get("shape").toString());
        assertRowsAreTheFileRows(EmbeddedModel.path(), j);
        JsonNode tokens = j.get("tokens");
        assertEquals(1, tokens.get(0).get("id").asInt(), "BOS first");
        // " the" at positions 1 and 5: a lookup, so the same row whatever surrounds it.
        assertEquals(tokens.get(1).get("id"), tokens.get(5).get("id"));
        assertEquals(tokens.get(1).get("values"), tokens.get(5).get("values"));
        JsonNode sim = j.get("similarity");
        assertEquals(tokens.size(), sim.size());
        for (int i = 0; i < sim.size(); i++) {
            assertEquals(1.0, sim.get(i).get(i).asDouble(), 1e-6);
            for (int k = 0; k < sim.size(); k++) {
                assertEquals(sim.get(i).get(k).asDouble(), sim.get(k).get(i).asDouble(), 0);
            }
        }
        assertEquals(1.0, sim.get(1).get(5).asDouble(), 1e-6);
    }

    @Test
    void quantizedEmbeddingMatrixIsReadThroughItsDequantizer() throws Exception {
        Path q8 = dir.resolve("q8.gguf");
        CliRunner.Result quantized = CliRunner.cli().run("quantize", "-m", EmbeddedModel.path().toString(), "--type",
                "Q8_0", "-o", q8.toString());
        assertEquals(0, quantized.exitCode(), quantized::toString);
        JsonNode j = json("embed", "-m", q8.toString(), "--format", "json", "--full", "--nearest", "3",
                "Once upon a time");
        assertNotEquals("F32", j.get("tensor").get("type").asText());
        assertRowsAreTheFileRows(q8, j);
        assertEquals(3, j.get("tokens").get(1).get("nearest").size());
    }

    @Test
    void nearestIsTheBestCosineOverTheWholeVocabularyLeavingOutTheTokenItself() throws Exception {
        JsonNode j = json("embed", "--format", "json", "--nearest", "4", "-t", "3", "Once");
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path())) {
            Tensor embd = source.tensor("token_embd.weight");
            for (JsonNode t : j.get("tokens")) {
                int id = t.get("id").asInt();
                float[] row = embd.dequantizeRow(id);
                // Brute force: the best cosine of any other row.
                int best = -1;
                double bestCos = -2;
                for (int other = 0; other < embd.rows(); other++) {
                    double c = EmbeddingSpace.cosine(row, embd.dequantizeRow(other));
                    if (other != id && c > bestCos) {
                        best = other;
                        bestCos = c;
                    }
                }
                JsonNode nearest = t.get("nearest");
                assertEquals(4, nearest.size());
                assertEquals(best, nearest.get(0).get("id").asInt());
                assertEquals(bestCos, nearest.get(0).get("cosine").asDouble(), 1e-5);
                for (int r = 1; r < nearest.size(); r++) {
                    assertTrue(nearest.get(r).get("cosine").asDouble() <= nearest.get(r - 1).get("cosine").asDouble());
                    assertNotEquals(id, nearest.get(r).get("id").asInt());
                }
            }
        }
    }

    @Test
    void analogyAddsAndSubtractsRowsAndLeavesTheWordsOut() throws Exception {
        JsonNode j = json("embed", "--format", "json", "--analogy", "king - man + woman", "--top", "5");
        assertEquals(0, j.get("tokens").size(), "no prompt given: only the analogy");
        JsonNode a = j.get("analogy");
        assertEquals("[1, -1, 1]", a.get("terms").findValues("sign").toString());
        Set<Integer> inputs = new HashSet<>();
        for (JsonNode t : a.get("terms")) {
            t.get("ids").forEach(id -> inputs.add(id.asInt()));
        }
        assertEquals(5, a.get("results").size());
        for (JsonNode r : a.get("results")) {
            assertFalse(inputs.contains(r.get("id").asInt()), r.toString());
        }
    }

    @Test
    void tableFitsEightyColumnsAndShowsTheLookupAndAHeatmap() {
        CliRunner.Result r = CliRunner.cli().width(80).run("embed", "--nearest", "2", "the cat saw the cat");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.startsWith("token_embd: 64 × 512 F32"), out);
        assertTrue(out.contains("positions [1, 5] are all token 265 '·the': identical rows"), out);
        assertTrue(out.contains("cosine similarity of the rows"), out);
        assertTrue(out.contains("nearest tokens by cosine similarity over all 512 rows"), out);
        out.lines().forEach(line -> assertTrue(line.length() <= 80, line));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, CliRunner.cli().run("embed", "--nearest", "0", "hi").exitCode());
        CliRunner.Result r = CliRunner.cli().run("embed", "--analogy", "king - - man");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("two signs in a row"), r.stderr());
        assertEquals(2, CliRunner.cli().run("embed", "--analogy", "king +").exitCode());
    }

    @Test
    void tooManyPipedIdsAreRefusedUpFrontWithTheLimit() {
        StringBuilder ids = new StringBuilder("{\"ids\": [1");
        for (int i = 1; i < 100_000; i++) {
            ids.append(", ").append(1 + i % 300);
        }
        CliRunner.Result r = CliRunner.cli().stdin(ids.append("]}").toString()).run("embed");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("llmx embed: the prompt has 100000 tokens; embed shows at most 2048 (every pair of tokens is "
                + "shown): use a shorter prompt\n", r.stderr());
        assertTrue(CliRunner.cli().run("embed", "--help").stdout().contains("At most 2048 prompt tokens"));
    }

    /** token_embd's shape is in one order everywhere: GGUF's [n_embd, n_vocab], as inspect (and llama.cpp) give it. */
    @Test
    void tokenEmbdShapeIsInspectsShape() throws Exception {
        JsonNode embed = json("embed", "--format", "json", "Lily");
        JsonNode inspect = json("inspect", "--format", "json");
        JsonNode inspected = null;
        for (JsonNode t : inspect.get("tensors")) {
            if (t.get("name").asText().equals("token_embd.weight")) {
                inspected = t.get("shape");
            }
        }
        assertEquals(String.valueOf(inspected), embed.get("tensor").get("shape").toString());
    }

    /** A long prompt's similarity heatmap fits 80 columns (block means, said so) instead of 2 columns a token. */
    @Test
    void aLongPromptsHeatmapFitsTheWidth() {
        StringBuilder ids = new StringBuilder("{\"ids\": [1");
        for (int i = 1; i < 1000; i++) {
            ids.append(", ").append(1 + i % 300);
        }
        CliRunner.Result r = CliRunner.cli().onTerminal().noColorEnv().width(80).stdin(ids + "]}").run("embed");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.contains("means of 28 × 28 blocks to fit 80 columns"), out);
        out.lines().forEach(line -> assertTrue(DisplayWidth.of(line) <= 80, line.length() + ": " + line));
    }
}
