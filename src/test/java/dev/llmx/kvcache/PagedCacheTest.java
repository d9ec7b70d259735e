package dev.llmx.kvcache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PagedCacheTest {
    @Test
    void theLastPartialBlockIsWasted() {
        KvCacheCost cache = new KvCacheCost(Presets.find("qwen3-8b").orElseThrow(), ElementType.F16);
        PagedCache paged = new PagedCache(cache, 16);
        assertEquals(16L * 4096, paged.blockBytes());
        PagedCache.Sequence s = paged.sequence(100);
        assertEquals(7, s.blocksPerLayer());
        assertEquals(7L * 36, s.blocks());
        assertEquals(12L * 4096 * 36, s.wastedBytes());
        assertEquals(0, paged.sequence(2000).wastedBytes());
        assertEquals(15L * 4096 * 36, paged.sequence(4097).wastedBytes());
    }

    @Test
    void slidingLayersKeepOnlyTheWindowsBlocks() {
        KvCacheCost cache = new KvCacheCost(Presets.find("gemma-3-270m").orElseThrow(), ElementType.F16);
        PagedCache.Sequence s = new PagedCache(cache, 16).sequence(1000);
        // 3 global layers hold 1000 tokens in 63 blocks; 15 sliding layers hold 512 in 32 blocks.
        assertEquals(3L * 63 + 15L * 32, s.blocks());
        assertEquals(3L * 8 * cache.bytesPerTokenPerLayer(), s.wastedBytes());
        assertEquals(cache.totalBytes(1000, 1), s.usedBytes());
    }
}
