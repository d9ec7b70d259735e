package dev.llmx.cli;

import dev.llmx.gguf.GgufValue;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.ModelRewrite;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A broken mixture-of-experts file fails with one line naming the tensor or key, exit 1. */
class MoeBadInputTest {
    @TempDir
    Path dir;

    private static Path moe() {
        return Refs.require("models/ref-qwen3moe-Q8_0.gguf");
    }

    private static void assertOneLine(Path model, String message) {
        CliRunner.Result r = CliRunner.cli().run("logits", "-m", model.toString(), "hi");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("llmx logits: " + message + "\n", r.stderr());
    }

    @Test
    void anExpertCountThatDisagreesWithTheTensorsNamesTheRouter() throws Exception {
        Path bad = ModelRewrite.withMetadata(moe(), dir.resolve("six.gguf"), "qwen3moe.expert_count",
                GgufValue.uint32(6));
        assertOneLine(bad, "six.gguf: tensor 'blk.0.ffn_gate_inp.weight' has shape 256 × 8, but the metadata "
                + "(d_model 256 and 6 experts (expert_count)) needs 256 × 6");
    }

    @Test
    void moreExpertsUsedThanThereAreIsNamed() throws Exception {
        Path bad = ModelRewrite.withMetadata(moe(), dir.resolve("nine.gguf"), "qwen3moe.expert_used_count",
                GgufValue.uint32(9));
        assertOneLine(bad, "nine.gguf: qwen3moe.expert_used_count is 9, but it must be between 1 and "
                + "qwen3moe.expert_count (8)");
    }

    @Test
    void aRouterOfTheWrongShapeIsNamed() throws Exception {
        Path bad = ModelRewrite.withTensorShape(moe(), dir.resolve("router.gguf"), "blk.1.ffn_gate_inp.weight",
                new long[] {256, 4});
        assertOneLine(bad, "router.gguf: tensor 'blk.1.ffn_gate_inp.weight' has shape 256 × 4, but the metadata "
                + "(d_model 256 and 8 experts (expert_count)) needs 256 × 8");
    }

    @Test
    void anExpertTensorWithTooFewSlicesIsNamed() throws Exception {
        Path bad = ModelRewrite.withTensorShape(moe(), dir.resolve("slices.gguf"), "blk.2.ffn_down_exps.weight",
                new long[] {128, 256, 4});
        assertOneLine(bad, "slices.gguf: tensor 'blk.2.ffn_down_exps.weight' has shape 128 × 256 × 4, but the "
                + "metadata (8 experts of 128 × 256) needs 128 × 256 × 8");
    }
}
