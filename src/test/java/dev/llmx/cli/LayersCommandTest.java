package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx layers} on the embedded model, in-process. */
class LayersCommandTest {
    private static final String PROMPT = "Once upon a time there was a little girl named";

    private static JsonNode json(String... args) throws Exception {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void logitLensAtTheLastLayerIsTheModelsOwnPrediction() throws Exception {
        JsonNode layers = json("layers", "--format", "json", "--top", "5", PROMPT);
        JsonNode logits = json("logits", "--format", "json", "--top", "5", PROMPT);
        assertEquals(logits.get("prompt_tokens"), layers.get("prompt_tokens"));
        assertEquals(12, layers.get("position").asInt());
        assertEquals("silu", layers.get("activation").asText());
        JsonNode all = layers.get("layers");
        assertEquals(5, all.size());
        JsonNode lens = all.get(4).get("logit_lens");
        JsonNode top = logits.get("positions").get(0).get("top");
        assertEquals(top.size(), lens.size());
        for (int i = 0; i < top.size(); i++) {
            assertEquals(top.get(i).get("id"), lens.get(i).get("id"));
            assertEquals(top.get(i).get("logit").floatValue(), lens.get(i).get("logit").floatValue(), 0f);
            assertEquals(top.get(i).get("prob").asDouble(), lens.get(i).get("prob").asDouble(), 1e-12);
        }
        assertEquals(" Lily", lens.get(0).get("piece").asText());
        for (JsonNode l : all) {
            assertTrue(l.get("attn_out_norm").asDouble() > 0 && l.get("ffn_out_norm").asDouble() > 0);
            JsonNode neurons = l.get("top_neurons");
            assertEquals(5, neurons.size());
            for (int i = 1; i < neurons.size(); i++) {
                assertTrue(Math.abs(neurons.get(i).get("value").asDouble())
                        <= Math.abs(neurons.get(i - 1).get("value").asDouble()));
            }
        }
    }

    @Test
    void positionPicksTheTokenAndTheTableFitsEightyColumns() throws Exception {
        JsonNode j = json("layers", "--format", "json", "--position", "2", PROMPT);
        assertEquals(2, j.get("position").asInt());
        assertEquals(j.get("prompt_tokens").get(2), j.get("token_id"));
        CliRunner.Result r = CliRunner.cli().width(80).run("layers", PROMPT);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("logit lens: the next token if the stream left the model after each layer"));
        r.stdout().lines().forEach(line -> assertTrue(line.length() <= 80, line));
        assertEquals(2, CliRunner.cli().run("layers", "--position", "13", PROMPT).exitCode());
    }

    @Test
    void trackFollowsOneTokenThroughEveryLayerEndingAtTheModelsOwnProbability() throws Exception {
        String prompt = "Once upon a time there was a little girl named";
        CliRunner.Result r = CliRunner.cli().run("layers", "--format", "json", "--track", "Lily", prompt);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = new ObjectMapper().readTree(r.stdout());
        JsonNode track = j.get("track");
        assertEquals(5, track.get("layers").size(), "every layer, the last included");
        JsonNode last = track.get("layers").get(4);
        assertEquals(4, last.get("layer").asInt());
        JsonNode logits = new ObjectMapper().readTree(CliRunner.cli().run("logits", "--format", "json", "--top", "1",
                prompt).stdout()).get("positions").get(0).get("top").get(0);
        assertEquals(logits.get("id").asInt(), track.get("id").asInt());
        assertEquals(1, last.get("rank").asInt());
        assertEquals(logits.get("prob").asDouble(), last.get("prob").asDouble(), 1e-5);
        assertTrue(track.get("layers").get(0).get("rank").asInt() > 1, "the early layers do not know yet");
        CliRunner.Result bad = CliRunner.cli().run("layers", "--track", "a little", prompt);
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().startsWith("llmx layers: --track 'a little' is 2 tokens"), bad.stderr());
    }
}
