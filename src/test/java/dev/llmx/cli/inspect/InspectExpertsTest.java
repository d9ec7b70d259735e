package dev.llmx.cli.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** inspect on the mixture-of-experts and sliding-window refs models: experts, active parameters, window layers. */
class InspectExpertsTest {
    private static JsonNode summary(String model) throws Exception {
        CliRunner.Result r = CliRunner.cli().run("inspect", "-m", Refs.require("models/" + model).toString(),
                "--format", "json");
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout()).get("summary");
    }

    @Test
    void gptOssExpertsAndAlternateWindows() throws Exception {
        JsonNode s = summary("ref-gptoss-MXFP4.gguf");
        assertEquals(8, s.get("n_expert").asInt());
        assertEquals(2, s.get("n_expert_used").asInt());
        assertEquals(128, s.get("expert_ffn_size").asInt());
        // one expert of one layer: gate and up 256 × 128 and down 128 × 256 in MXFP4 (17 bytes per 32 values),
        // 3 × 32768 / 32 × 17 = 52,224 bytes, plus biases 128 + 128 + 256 floats = 2,048 bytes
        assertEquals(52_224 + 2_048, s.get("expert_bytes").asLong());
        // 4 layers × 8 experts × 3 × 32768 weights + 4 × 8 × 512 biases = 3,162,112 expert parameters, 6/8 unused
        assertEquals(s.get("parameters").asLong() - 3_162_112 / 8 * 6, s.get("active_parameters").asLong());
        assertEquals("[0,2]", s.get("sliding_window_layers").toString());
    }

    @Test
    void denseModelsHaveNoExpertsAndAllParametersActive() throws Exception {
        JsonNode s = summary("ref-gemma3-Q8_0.gguf");
        assertEquals(0, s.get("n_expert").asInt());
        assertEquals(s.get("parameters"), s.get("active_parameters"));
        assertEquals("[0,1,2,3,4]", s.get("sliding_window_layers").toString());
    }
}
