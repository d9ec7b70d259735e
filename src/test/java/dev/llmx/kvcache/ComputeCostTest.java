package dev.llmx.kvcache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeCostTest {
    private static ComputeCost cost(String preset, ElementType weights) {
        return ComputeCost.of(new KvCacheCost(Presets.find(preset).orElseThrow(), ElementType.F16), weights)
                .orElseThrow();
    }

    @Test
    void visibleSumCountsPositionsSeen() {
        assertEquals(15, ComputeCost.visibleSum(5, 0));
        assertEquals(1 + 2 + 2 + 2 + 2, ComputeCost.visibleSum(5, 2));
        assertEquals(15, ComputeCost.visibleSum(5, 5));
    }

    @Test
    void baseCostIsTwoFlopsPerWeight() {
        ComputeCost c = cost("llama-3-8b", ElementType.F16);
        assertEquals(2 * c.params().matmulActive(), c.baseFlopsPerToken());
        // 2 × 32 heads × (128 + 128) per position and layer.
        assertEquals(16_384, c.attentionFlopsPerPosition());
        assertEquals(c.baseFlopsPerToken() + 32L * 16_384 * 10, c.flopsAt(9));
    }

    @Test
    void prefillIsTheSumOfEveryPositionIncludingWindows() {
        // Gemma-3-270M has 512-token windows on 15 of 18 layers; 700 tokens cross the window.
        ComputeCost c = cost("gemma-3-270m", ElementType.F16);
        long sum = 0;
        for (int p = 0; p < 700; p++) {
            sum += c.flopsAt(p);
        }
        assertEquals(sum, c.prefillFlops(700));
        assertEquals(c.flopsAt(0), c.prefillFlops(1));
    }

    @Test
    void decodingWithoutACacheRecomputesThePrefix() {
        ComputeCost c = cost("llama-3-8b", ElementType.F16);
        assertEquals(c.prefillFlops(8193), c.decodeFlopsWithoutCache(8192));
        assertEquals(c.flopsAt(8192), c.decodeFlopsWithCache(8192));
        assertTrue(c.decodeFlopsWithoutCache(8192) > 8193 * c.baseFlopsPerToken());
    }

    @Test
    void decodeTrafficIsWeightsPlusCache() {
        ComputeCost c = cost("llama-3-8b", ElementType.F16);
        long weights = 2 * c.params().active();
        assertEquals(weights + (1L << 30) + 131_072, c.decodeTrafficBytes(8192, 1));
        double tps = c.tokensPerSecondCeiling(1e12, 8192, 1);
        assertEquals(1e12 / c.decodeTrafficBytes(8192, 1), tps, 1e-9);
    }

    @Test
    void aBatchReadsMoreExpertsButAtMostAll() {
        ComputeCost c = cost("mixtral-8x7b", ElementType.F16);
        ParameterCount p = c.params();
        assertEquals(2 * p.active(), c.weightsReadPerStep(1));
        // Four sequences may route to 4 × 2 = all 8 experts: every weight but the input table.
        assertEquals(2 * (p.total() - p.embedding()), c.weightsReadPerStep(4));
        assertEquals(c.weightsReadPerStep(4), c.weightsReadPerStep(64));
    }

    @Test
    void weightsMemoryUsesTheWeightType() {
        ComputeCost q4 = cost("llama-2-7b", ElementType.Q4_0);
        long params = q4.params().total();
        assertEquals((params + 31) / 32 * 18, q4.weightsBytes());
        assertEquals(2 * params, cost("llama-2-7b", ElementType.BF16).weightsBytes());
    }

    @Test
    void mlaAttentionRunsInTheLatentSpace() {
        // Absorbed MLA: scores over 512 + 64, values over 512, for each of 128 heads.
        assertEquals(2L * 128 * (576 + 512), cost("deepseek-v3", ElementType.F16).attentionFlopsPerPosition());
    }
}
