package dev.llmx.engine;

import dev.llmx.gguf.GgufValue;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.ModelRewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metadata out of range is refused at load; weights that make activations non-finite are named, not "internal". */
class OutOfRangeModelTest {
    @Test
    void aNegativeNormEpsilonIsRefusedWhenTheModelLoads(@TempDir Path dir) throws Exception {
        Path model = ModelRewrite.withMetadata(EmbeddedModel.path(), dir.resolve("eps.gguf"),
                "llama.attention.layer_norm_rms_epsilon", GgufValue.float32(-1e-5f));
        CliRunner.Result r = CliRunner.cli().run("generate", "-m", model.toString(), "-n", "4", "hi");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("llmx generate: eps.gguf: the norm epsilon is -1.0E-5; it must be a small positive "
                + "number (such as 1e-5); the file's metadata is out of range\n", r.stderr());
    }

    @Test
    void aZeroRopeBaseIsRefused(@TempDir Path dir) throws Exception {
        Path model = ModelRewrite.withMetadata(EmbeddedModel.path(), dir.resolve("rope.gguf"),
                "llama.rope.freq_base", GgufValue.float32(0f));
        CliRunner.Result r = CliRunner.cli().run("logits", "-m", model.toString(), "hi");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("the RoPE base (rope.freq_base) is 0.0"), r.stderr());
    }

    @Test
    void infiniteWeightsNameTheLayerWhereActivationsStopBeingFinite(@TempDir Path dir) throws Exception {
        Path model = ModelRewrite.withF32TensorFilled(EmbeddedModel.path(), dir.resolve("inf.gguf"),
                "blk.2.ffn_norm.weight", Float.POSITIVE_INFINITY);
        CliRunner.Result r = CliRunner.cli().run("generate", "-m", model.toString(), "-n", "4", "Once upon a time");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx generate: the activations became ") && r.stderr().contains(
                " in layer 2's feed-forward (blk.2.ffn_*); the model's weights there hold values out of range"),
                r.stderr());
        assertTrue(!r.stderr().contains("internal error"), r.stderr());
    }
}
