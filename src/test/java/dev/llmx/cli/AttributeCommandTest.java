package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx attribute}: the terms sum to the logit; heads sum to their block; the logit is the model's. */
class AttributeCommandTest {
    private static final String PROMPT = "Once upon a time there was a little girl named";

    static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    private static void checkSums(JsonNode j) {
        checkSums(j, 1e-4);
    }

    /**
     * The terms sum to the logit within {@code relative}: 1e-4 on F32 weights; on quantized output weights the model's
     * logit multiplies the 8-bit-rounded normed residual (as llama.cpp does), the terms the exact one (measured
     * 3.4e-4 on ref-qwen2-Q8_0).
     */
    private static void checkSums(JsonNode j, double relative) {
        double logit = j.get("logit").asDouble();
        double sum = 0;
        for (JsonNode c : j.get("components")) {
            sum += c.get("contribution").asDouble();
            if (c.has("heads")) {
                double heads = 0;
                for (JsonNode h : c.get("heads")) {
                    heads += h.asDouble();
                }
                assertEquals(c.get("contribution").asDouble(), heads, 1e-4 * (1 + Math.abs(heads)), c.toString());
            }
        }
        assertEquals(logit, sum, relative * Math.abs(logit), "the terms sum to the logit");
        assertEquals(sum, j.get("sum").asDouble(), 1e-9);
    }

    @Test
    void termsSumToTheLogitTheModelGives() throws Exception {
        JsonNode j = json(CliRunner.cli().run("attribute", "--format", "json", "--heads", "--target", "Lily", PROMPT));
        checkSums(j);
        assertEquals(1 + 2 * 5, j.get("components").size());
        assertEquals(8, j.get("components").get(1).get("heads").size());
        JsonNode logits = json(CliRunner.cli().run("logits", "--format", "json", "--top", "1", PROMPT));
        JsonNode top = logits.get("positions").get(0).get("top").get(0);
        assertEquals(top.get("id").asInt(), j.get("target").get("id").asInt(), "Lily is the top token here");
        assertEquals(top.get("logit").asDouble(), j.get("logit").asDouble(), 1e-4);
    }

    @Test
    void anEarlierPositionAndAnotherTokenAlsoSum() throws Exception {
        checkSums(json(CliRunner.cli().run("attribute", "--format", "json", "--position", "3", "--target", "there",
                PROMPT)));
    }

    @Test
    void biasesAndPostNormsOfOtherArchitectures() throws Exception {
        for (String m : List.of("ref-qwen2-Q8_0.gguf", "ref-gemma3-Q8_0.gguf", "ref-phi3-Q4_0.gguf")) {
            if (!Refs.present("models/" + m)) {
                continue;
            }
            JsonNode j = json(CliRunner.cli().run("attribute", "--format", "json", "--heads", "-m",
                    Refs.require("models/" + m).toString(), "Hello there my friend"));
            checkSums(j, 1e-3);
            if (m.contains("gemma3")) {
                // A norm after the attention projection: per-head terms would not add up, so none are given.
                assertFalse(j.get("heads_additive").asBoolean());
                assertFalse(j.get("components").get(1).has("heads"));
            }
        }
    }

    @Test
    void badPositionsAndTargetsAreOneLine() {
        CliRunner.Result r = CliRunner.cli().run("attribute", "--position", "40", PROMPT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx attribute: --position 40 is out of range; the prompt has 13 tokens"),
                r.stderr());
        r = CliRunner.cli().run("attribute", "--target", "a little", PROMPT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx attribute: --target 'a little' is 2 tokens"), r.stderr());
    }

    @Test
    void pngDrawsTheBars(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path png = dir.resolve("bars.png");
        CliRunner.Result r = CliRunner.cli().run("attribute", "--heads", "--png", png.toString(), PROMPT);
        assertEquals(0, r.exitCode(), r::toString);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        // 11 components and 5 × 8 heads, 18 pixels a row.
        assertTrue(image.getHeight() >= 51 * 18, image.toString());
    }
}
