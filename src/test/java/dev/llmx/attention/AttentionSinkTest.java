package dev.llmx.attention;

import dev.llmx.kvcache.KvCache;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attention sinks: a learned logit per head that joins the softmax's denominator and carries no value. One head,
 * keys of one dimension, two cached positions whose scores are both 0 and whose values are 3 and 6.
 */
class AttentionSinkTest {
    private static float[] attend(float[] sinks, float[] weights) {
        Kernels kernels = Kernels.scalar();
        KvCache cache = KvCache.f32(1, 1, 1, 1, 4, kernels.floats());
        cache.store(0, 0, new float[] {0}, 0, new float[] {3}, 0);
        cache.store(0, 1, new float[] {0}, 0, new float[] {6}, 0);
        cache.commit(1);
        CausalAttention attention = new CausalAttention(1, 1, 1, 1, kernels.floats());
        float[] out = new float[1];
        try (WorkerPool pool = new WorkerPool(1)) {
            // the query at position 1 sees positions 0 and 1
            attention.apply(cache, 0, new float[] {1}, 1, 1, 0, 1f, sinks, out, null, weights, pool);
        }
        return out;
    }

    @Test
    void withoutASinkTheTwoKeysShareTheWeight() {
        float[] w = new float[2];
        assertEquals(4.5f, attend(null, w)[0], 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.5f}, w, 1e-7f);
    }

    @Test
    void aSinkOfZeroTakesAThirdAndKeepsItsValueOut() {
        float[] w = new float[2];
        // e^0 / (e^0 + e^0 + e^0): each key 1/3; out = (3 + 6)/3 = 3
        assertEquals(3f, attend(new float[] {0}, w)[0], 1e-6f);
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f}, w, 1e-7f);
    }

    @Test
    void aLargeSinkAbsorbsAlmostAllWeightWithoutOverflow() {
        float[] w = new float[2];
        // sink ln 2: denominator 1 + 1 + 2 = 4, out = 9/4
        assertEquals(2.25f, attend(new float[] {(float) Math.log(2)}, w)[0], 1e-6f);
        // sink 1000: exp would overflow unless the max includes the sink
        assertEquals(0f, attend(new float[] {1000}, w)[0], 1e-30f);
    }
}
