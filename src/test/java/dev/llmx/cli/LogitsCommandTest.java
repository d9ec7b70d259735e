package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.gguf.GgufValue;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.ModelRewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx logits} on the embedded model, in-process. */
class LogitsCommandTest {
    @TempDir
    Path dir;

    static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void tableShowsTheTopCandidatesAfterTheLastToken() {
        CliRunner.Result r = CliRunner.cli().run("logits", "Once upon a time");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("after position 4 (token 378 '·time')  entropy "), r.stdout());
        assertTrue(r.stdout().contains("   1  432  ,  "), r.stdout());
        assertEquals(2 + 10, r.stdout().lines().count(), r.stdout());
    }

    @Test
    void jsonHasTheContractKeysAndProbabilitiesFromASoftmax() throws Exception {
        JsonNode j = json(CliRunner.cli().run("logits", "--format", "json", "--top", "5", "Once upon a time"));
        assertEquals("[1,403,407,261,378]", j.get("prompt_tokens").toString());
        assertEquals(1, j.get("positions").size());
        JsonNode p = j.get("positions").get(0);
        assertEquals(4, p.get("position").asInt());
        assertEquals(378, p.get("token_id").asInt());
        assertEquals(5, p.get("top").size());
        JsonNode first = p.get("top").get(0);
        assertEquals(432, first.get("id").asInt());
        assertEquals(",", first.get("piece").asText());
        double previous = 1;
        for (JsonNode c : p.get("top")) {
            assertTrue(c.get("prob").asDouble() <= previous);
            previous = c.get("prob").asDouble();
        }
        // The softmax: p2/p1 = exp(logit2 − logit1).
        JsonNode second = p.get("top").get(1);
        assertEquals(Math.exp(second.get("logit").asDouble() - first.get("logit").asDouble()),
                second.get("prob").asDouble() / first.get("prob").asDouble(), 1e-6);
        assertTrue(p.get("entropy").asDouble() > 0 && p.get("entropy").asDouble() < Math.log(512));
    }

    @Test
    void allPositionsContinuationAndDumpAgree() throws Exception {
        Path dump = dir.resolve("logits.f32");
        JsonNode j = json(CliRunner.cli().run("logits", "--format", "json", "--all-positions", "--top", "1",
                "--dump", dump.toString(), "--continuation", ", there was", "Once upon a time"));
        assertEquals(5, j.get("positions").size());
        JsonNode c = j.get("continuation");
        JsonNode tokens = c.get("tokens");
        assertEquals(3, tokens.size());
        double total = 0;
        for (JsonNode t : tokens) {
            assertTrue(t.get("logprob").asDouble() < 0);
            total += t.get("logprob").asDouble();
        }
        assertEquals(total, c.get("total_logprob").asDouble(), 1e-9);
        assertEquals(Math.exp(-total / 3), c.get("perplexity").asDouble(), 1e-9);
        // The first continuation token is the top candidate after the prompt: same probability both ways.
        JsonNode last = j.get("positions").get(4).get("top").get(0);
        assertEquals(tokens.get(0).get("id").asInt(), last.get("id").asInt());
        assertEquals(Math.log(last.get("prob").asDouble()), tokens.get(0).get("logprob").asDouble(), 1e-9);
        assertEquals(1, tokens.get(0).get("rank").asInt());

        // --dump: every position run (5 prompt + 3 continuation) × 512 float32; row 4's largest logit is the top one.
        assertEquals(8L * 512 * 4, Files.size(dump));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dump)).order(ByteOrder.LITTLE_ENDIAN);
        float max = Float.NEGATIVE_INFINITY;
        int argmax = -1;
        for (int i = 0; i < 512; i++) {
            float v = b.getFloat((4 * 512 + i) * 4);
            if (v > max) {
                max = v;
                argmax = i;
            }
        }
        assertEquals(last.get("id").asInt(), argmax);
        assertEquals(last.get("logit").asDouble(), max, 1e-5);
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRunner.Result r = CliRunner.cli().run("logits", "--top", "0", "hi");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("llmx logits: --top must be between 1 and 1000, not 0 (see 'llmx logits --help')\n", r.stderr());
    }

    @Test
    void anUnsupportedArchitectureIsNamedWithTheSupportedOnes() throws Exception {
        Path model = ModelRewrite.withMetadata(EmbeddedModel.path(), dir.resolve("gpt2.gguf"), "general.architecture",
                GgufValue.string("gpt2"));
        CliRunner.Result r = CliRunner.cli().run("logits", "-m", model.toString(), "hi");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("llmx logits: architecture 'gpt2' is not supported; llmx runs llama, qwen2, qwen3, qwen3moe, "
                + "gemma3, phi3, gpt-oss\n", r.stderr());
    }

    @Test
    void aTensorWhoseShapeContradictsTheMetadataIsNamed() throws Exception {
        Path model = ModelRewrite.withTensorShape(EmbeddedModel.path(), dir.resolve("bad.gguf"), "blk.2.attn_k.weight",
                new long[] {64, 64});
        CliRunner.Result r = CliRunner.cli().run("generate", "-m", model.toString(), "hi");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("llmx generate: bad.gguf: tensor 'blk.2.attn_k.weight' has shape 64 × 64, but the metadata "
                + "(d_model 64 and 4 KV heads × 8) needs 64 × 32\n", r.stderr());
    }
}
