package dev.llmx.model;

import dev.llmx.ffn.Activation;
import dev.llmx.ffn.ExpertGating;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-layer description: windows, RoPE and feed-forward per architecture, checked by hand. */
class ModelDescriptionTest {
    private static ModelConfig config(String arch, int layers, int window, RopeConfig rope, ModelConfig.Experts e) {
        return new ModelConfig(arch, 256, layers, 8, 2, 32, 32, 128, 2048, 1000, rope, NormKind.RMS, 1e-6, false,
                window, false, e);
    }

    private static int[] windows(ModelDescription d) {
        return d.layers().stream().mapToInt(LayerDescription::window).toArray();
    }

    private static final RopeConfig PLAIN = new RopeConfig(10000, 32, RopeLayout.HALVES, "none", 1, 0);

    @Test
    void gptOssSlidesOnEvenLayersGemma3OnFiveOfSixPhi3Never() {
        assertArrayEquals(new int[] {8, 0, 8, 0}, windows(ModelDescription.of(
                config("gpt-oss", 4, 8, PLAIN, ModelConfig.Experts.NONE), Map.of())));
        assertArrayEquals(new int[] {16, 16, 16, 16, 16, 0, 16}, windows(ModelDescription.of(
                config("gemma3", 7, 16, PLAIN, ModelConfig.Experts.NONE), Map.of())));
        // llama.cpp runs Phi-3 with full attention whatever sliding_window says; so do the engine and kv-cost.
        assertArrayEquals(new int[] {0, 0, 0}, windows(ModelDescription.of(
                config("phi3", 3, 2047, PLAIN, ModelConfig.Experts.NONE), Map.of())));
        // an architecture the engine does not run and whose pattern is unknown: the window on every layer
        assertArrayEquals(new int[] {4096, 4096}, windows(ModelDescription.of(
                config("mistral-ish", 2, 4096, PLAIN, ModelConfig.Experts.NONE), Map.of())));
    }

    @Test
    void gemma3SlidingLayersHaveTheirOwnBaseGptOssSharesItsYarnRope() {
        RopeConfig yarn = new RopeConfig(1e6, 32, RopeLayout.HALVES, "yarn", 32, 64);
        ModelDescription gemma = ModelDescription.of(config("gemma3", 6, 16, new RopeConfig(1e6, 32,
                RopeLayout.HALVES, "none", 1, 0), ModelConfig.Experts.NONE), Map.of());
        assertEquals(10_000, gemma.layer(0).rope().base());
        assertEquals(1e6, gemma.layer(5).rope().base());
        ModelDescription oss = ModelDescription.of(config("gpt-oss", 4, 8, yarn, ModelConfig.Experts.NONE), Map.of());
        assertSame(oss.layer(0).rope(), oss.layer(1).rope());
        assertEquals("yarn", oss.layer(0).rope().scaling());
    }

    @Test
    void yarnKeepsFastPairsStretchesSlowOnesAndRampsBetween() {
        LayerRope rope = new LayerRope(32, 1e6, RopeLayout.HALVES, "yarn", 32, 64, 1, 4, 32, 1);
        // corrections: 32·ln(64/(32·2π))/(2·ln 1e6) = −1.33 → floor −2 → 0; 32·ln(64/(1·2π))/(2·ln 1e6) = 2.69 → 3
        assertArrayEquals(new double[] {0, 3}, rope.yarnCorrectionRange());
        double[] f = rope.frequencies();
        double theta1 = Math.pow(1e6, -2.0 / 32); // 0.4216965
        assertEquals(1.0, f[0], 1e-12); // ramp 1: the trained frequency
        assertEquals(theta1 * (1.0 / 3 / 32 + 2.0 / 3), f[1], 1e-12); // ramp 2/3
        assertEquals(Math.pow(1e6, -10.0 / 32) / 32, f[5], 1e-15); // past the ramp: divided by the factor
        assertEquals(1 + 0.1 * Math.log(32), rope.magnitude(), 1e-6); // 1.3465736
        assertEquals(1f, LayerRope.plain(32, 1e6, RopeLayout.HALVES).magnitude());
    }

    @Test
    void linearAndLlama3Scalings() {
        LayerRope linear = new LayerRope(4, 100, RopeLayout.HALVES, "linear", 4, 0, 1, 4, 32, 1);
        assertArrayEquals(new double[] {0.25, 0.025}, linear.frequencies(), 1e-12);
        // Llama 3 (base 500000, factor 8, original 8192): the fastest pair keeps its frequency, the slowest is / 8
        LayerRope llama3 = new LayerRope(128, 500000, RopeLayout.INTERLEAVED, "llama3", 8, 8192, 1, 4, 32, 1);
        double[] f = llama3.frequencies();
        assertEquals(1.0, f[0], 1e-6);
        assertEquals(Math.pow(500000, -126.0 / 128) / 8, f[63], 1e-9);
    }

    @Test
    void expertsComeFromTheConfigAndGatingFromTheArchitecture() {
        ModelDescription qwen = ModelDescription.of(config("qwen3moe", 2, 0, PLAIN,
                new ModelConfig.Experts(8, 2, 128)), Map.of());
        assertTrue(qwen.hasExperts());
        assertEquals(ExpertGating.SOFTMAX_TOPK_NORMALISED, qwen.layer(0).ffn().gating());
        assertEquals(Activation.SILU, qwen.layer(0).ffn().activation());
        ModelDescription oss = ModelDescription.of(config("gpt-oss", 2, 8, PLAIN,
                new ModelConfig.Experts(32, 4, 2880)), Map.of());
        assertEquals("moe 4 of 32 (topk_softmax, swiglu_oai)", oss.layer(1).ffn().describe());
        assertFalse(ModelDescription.of(config("llama", 2, 0, PLAIN, ModelConfig.Experts.NONE), Map.of())
                .hasExperts());
    }
}
