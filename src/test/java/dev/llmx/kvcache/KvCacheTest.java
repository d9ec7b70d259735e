package dev.llmx.kvcache;

import dev.llmx.tensor.kernel.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvCacheTest {
    static final int KV_HEADS = 2;
    static final int DIM = 4;

    /** Key and value of head h at position p: every value is p + h/10 (keys) or −(p + h/10) (values). */
    static float[] row(int position, float sign) {
        float[] r = new float[KV_HEADS * DIM];
        for (int h = 0; h < KV_HEADS; h++) {
            for (int i = 0; i < DIM; i++) {
                r[h * DIM + i] = sign * (position + h / 10f);
            }
        }
        return r;
    }

    @Test
    void scoresAndWeightedValuesReadWhatWasStoredAcrossPages() {
        KvCache cache = KvCache.f32(2, KV_HEADS, DIM, DIM, 1000, Kernels.best().floats());
        int positions = KvCache.PAGE + 10;
        for (int p = 0; p < positions; p++) {
            for (int layer = 0; layer < 2; layer++) {
                cache.store(layer, p, row(p, 1), 0, row(p, -1), 0);
            }
        }
        cache.commit(positions);
        assertEquals(positions, cache.length());
        assertEquals(1000 - positions, cache.remaining());

        float[] q = {1, 1, 1, 1};
        float[] scores = new float[3];
        int from = KvCache.PAGE - 1; // the run crosses a page boundary
        cache.keyScores(1, 1, from, 3, q, 0, 0.5f, scores);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.5f * DIM * (from + i + 0.1f), scores[i], 1e-3f);
        }
        float[] out = new float[1 + DIM];
        cache.addValues(0, 0, from, 2, new float[] {0.25f, 0.75f}, out, 1);
        for (int i = 0; i < DIM; i++) {
            assertEquals(-(0.25f * from + 0.75f * (from + 1)), out[1 + i], 1e-3f);
        }
    }

    @Test
    void pagesAreAllocatedAsPositionsAreUsed() {
        KvCache cache = KvCache.f32(3, KV_HEADS, DIM, DIM, 128 * KvCache.PAGE, Kernels.scalar().floats());
        assertEquals(0, cache.allocatedBytes(), "a long context costs nothing before it is used");
        cache.store(0, 0, row(0, 1), 0, row(0, -1), 0);
        long page = 4L * KvCache.PAGE * 2 * KV_HEADS * DIM;
        assertEquals(page, cache.allocatedBytes());
        cache.store(0, KvCache.PAGE, row(0, 1), 0, row(0, -1), 0);
        assertEquals(2 * page, cache.allocatedBytes());
        assertEquals(ElementType.F32, cache.type());
    }

    @Test
    void commitsBeyondTheCapacityAreRefused() {
        KvCache cache = KvCache.f32(1, KV_HEADS, DIM, DIM, 4, Kernels.scalar().floats());
        cache.commit(4);
        assertThrows(IllegalStateException.class, () -> cache.commit(1));
        cache.clear();
        assertEquals(0, cache.length());
    }
}
