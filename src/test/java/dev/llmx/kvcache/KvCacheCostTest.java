package dev.llmx.kvcache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCacheCostTest {
    private static KvCacheCost f16(String preset) {
        return new KvCacheCost(Presets.find(preset).orElseThrow(), ElementType.F16);
    }

    @Test
    void llama3_8bIs128KiBPerTokenAndOneGiBAt8k() {
        KvCacheCost c = f16("llama-3-8b");
        assertEquals(2048, c.kBytesPerTokenPerLayer());
        assertEquals(2048, c.vBytesPerTokenPerLayer());
        assertEquals(131_072, c.bytesPerToken());
        assertEquals(1L << 30, c.totalBytes(8192, 1));
    }

    @Test
    void llama2PerTokenSizes() {
        assertEquals(327_680, f16("llama-2-70b").bytesPerToken());
        assertEquals(524_288, f16("llama-2-7b").bytesPerToken());
    }

    @Test
    void batchMultipliesTheCache() {
        KvCacheCost c = f16("llama-3-8b");
        assertEquals(4L << 30, c.totalBytes(8192, 4));
    }

    @Test
    void gemma3SlidingLayersHoldOnlyTheirWindow() {
        KvCacheCost c = f16("gemma-3-27b");
        // 16 KV heads × 128 × 2 (K and V) × 2 bytes = 8 KiB per layer and token.
        assertEquals(8192, c.bytesPerTokenPerLayer());
        // Layers 5, 11, …, 59 are global: 10 of 62; the other 52 keep 1024 tokens.
        assertEquals(52, c.model().windows().slidingCount());
        assertEquals((10L * 131_072 + 52L * 1024) * 8192, c.totalBytes(131_072, 1));
        long withoutWindows = 62L * 131_072 * 8192;
        assertTrue(c.totalBytes(131_072, 1) * 5 < withoutWindows, "the window saves more than 80% at 128k");
        // Below the window every layer holds everything.
        assertEquals(62L * 1000 * 8192, c.totalBytes(1000, 1));
    }

    @Test
    void gemma3_270mHasThreeGlobalLayers() {
        AttentionWindows w = Presets.find("gemma-3-270m").orElseThrow().windows();
        for (int layer = 0; layer < 18; layer++) {
            assertEquals(layer != 5 && layer != 11 && layer != 17, w.isSliding(layer), "layer " + layer);
        }
        assertEquals(512, w.window());
    }

    @Test
    void gptOssAlternatesWindowedAndFullLayers() {
        KvCacheCost c = f16("gpt-oss-20b");
        // 8 KV heads × 64 × 2 × 2 bytes = 2 KiB per layer; even layers keep 128 tokens.
        assertEquals(2048, c.bytesPerTokenPerLayer());
        assertTrue(c.model().windows().isSliding(0));
        assertTrue(!c.model().windows().isSliding(1));
        assertEquals((12L * 32_768 + 12L * 128) * 2048, c.totalBytes(32_768, 1));
        assertEquals(24L * 100 * 2048, c.totalBytes(100, 1));
    }

    @Test
    void blockTypesCountTheirScales() {
        KvModel llama = Presets.find("llama-3-8b").orElseThrow();
        // 1,024 values per K row: 32 blocks of 34 bytes (q8_0) or 18 bytes (q4_0).
        assertEquals(32 * 34, new KvCacheCost(llama, ElementType.Q8_0).kBytesPerTokenPerLayer());
        assertEquals(32 * 18, new KvCacheCost(llama, ElementType.Q4_0).kBytesPerTokenPerLayer());
        assertEquals(32 * 2 * 32 * 34, new KvCacheCost(llama, ElementType.Q8_0).bytesPerToken());
    }

    @Test
    void blockTypesNeedWholeBlocks() {
        KvModel odd = KvModel.builder("x", "x").shape(2, 0, 0, 3).headDim(10).build();
        assertThrows(IllegalArgumentException.class, () -> new KvCacheCost(odd, ElementType.Q8_0));
        assertEquals(2 * 60, new KvCacheCost(odd, ElementType.F16).bytesPerTokenPerLayer());
    }

    @Test
    void weightTypesCannotHoldACache() {
        KvModel llama = Presets.find("llama-3-8b").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new KvCacheCost(llama, ElementType.Q4_K));
    }

    @Test
    void mlaCachesTheLatentAndRopeKeyOnly() {
        KvCacheCost c = f16("deepseek-v3");
        assertEquals(576 * 2, c.kBytesPerTokenPerLayer());
        assertEquals(0, c.vBytesPerTokenPerLayer());
        assertEquals(61L * 576 * 2, c.bytesPerToken());
    }

    @Test
    void differentKAndVHeadSizes() {
        KvModel m = KvModel.builder("x", "x").shape(4, 0, 0, 2).headDim(192).valueHeadDim(128).build();
        KvCacheCost c = new KvCacheCost(m, ElementType.F32);
        assertEquals(2 * 192 * 4, c.kBytesPerTokenPerLayer());
        assertEquals(2 * 128 * 4, c.vBytesPerTokenPerLayer());
    }

    @Test
    void maxContextIsTheLargestThatFits() {
        KvCacheCost c = f16("llama-3-8b");
        assertEquals(8192, c.maxContext(1L << 30, 1, 1 << 20));
        assertEquals(8191, c.maxContext((1L << 30) - 1, 1, 1 << 20));
        assertEquals(4096, c.maxContext(1L << 30, 2, 1 << 20));
        assertEquals(0, c.maxContext(1000, 1, 1 << 20));
        assertEquals(100, c.maxContext(1L << 40, 1, 100), "stops at the limit");
    }

    @Test
    void layerGroupsSpellTheFormula() {
        var groups = f16("gemma-3-1b").groups();
        assertEquals(2, groups.size());
        assertEquals(new KvCacheCost.LayerGroup(4, 0), groups.get(0));
        assertEquals(new KvCacheCost.LayerGroup(22, 512), groups.get(1));
        assertEquals(512, groups.get(1).tokensHeld(4096));
    }
}
