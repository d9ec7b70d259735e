package dev.llmx.attention;

import dev.llmx.kvcache.ElementType;
import dev.llmx.kvcache.KvCache;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attention over a batch of queries gives, bit for bit, what the same queries give one at a time: a batch over an
 * F16 or BF16 cache reads the keys decoded once per block of tokens ({@link KvCache#keysDecodeToTheirScores}), one
 * query at a time reads them through the cache's key scores. Grouped heads, a sliding window, sinks and the probes'
 * scores and weights, on every kernel set and with one and two threads; cache types without decoded keys (Q8_0,
 * F32) take the per-query path both ways and are here as a control.
 */
class BatchAttentionTest {
    private static final int HEADS = 6;
    private static final int KV_HEADS = 2;
    private static final int VALUE_DIM = 32;

    /** Key dimensions of 40 are not a multiple of the vector lanes: the dot products' tails count too. */
    @ParameterizedTest(name = "{0} keys of {1}, window {2}, sinks {3}, from position {4}")
    @CsvSource({"f16, 40, 0, false, 5", "f16, 64, 9, true, 5", "bf16, 40, 0, true, 5", "bf16, 40, 5, false, 5",
        "q8_0, 64, 0, false, 5", "f32, 40, 7, true, 5", "f16, 40, 0, false, 240", "f16, 64, 30, true, 250"})
    void aBatchEqualsItsQueriesOneAtATime(String keyType, int keyDim, int window, boolean withSinks, int first) {
        List<Kernels> sets = new ArrayList<>();
        sets.add(Kernels.scalar());
        Kernels.vector().ifPresent(sets::add);
        ElementType type = KvCacheTypes.parseOne(keyType, "--cache-type-k");
        for (Kernels kernels : sets) {
            for (int threads = 1; threads <= 2; threads++) {
                int count = 37; // three blocks of tokens, the last one short; from 240 on, across a page's end
                Random random = new Random(11);
                float[] q = random(random, count * HEADS * keyDim);
                float[] sinks = withSinks ? random(random, HEADS) : null;
                KvCache batchCache = filled(kernels, type, keyDim, first + count, new Random(3));
                KvCache singleCache = filled(kernels, type, keyDim, first + count, new Random(3));
                CausalAttention attention = new CausalAttention(HEADS, KV_HEADS, keyDim, VALUE_DIM, kernels.floats());
                int keys = first + count;
                float[] out = new float[count * HEADS * VALUE_DIM];
                float[] scores = new float[count * HEADS * keys];
                float[] weights = new float[count * HEADS * keys];
                float[] oneOut = new float[count * HEADS * VALUE_DIM];
                float[] oneScores = new float[count * HEADS * keys];
                float[] oneWeights = new float[count * HEADS * keys];
                try (WorkerPool pool = new WorkerPool(threads)) {
                    attention.apply(batchCache, 1, q, first, count, window, 0.125f, sinks, out, scores, weights, pool);
                    for (int t = 0; t < count; t++) {
                        float[] s = new float[HEADS * (first + t + 1)];
                        float[] w = new float[s.length];
                        float[] o = new float[HEADS * VALUE_DIM];
                        float[] qt = new float[HEADS * keyDim];
                        System.arraycopy(q, t * HEADS * keyDim, qt, 0, qt.length);
                        attention.apply(singleCache, 1, qt, first + t, 1, window, 0.125f, sinks, o, s, w, pool);
                        System.arraycopy(o, 0, oneOut, t * HEADS * VALUE_DIM, o.length);
                        for (int h = 0; h < HEADS; h++) {
                            int row = (t * HEADS + h) * keys;
                            java.util.Arrays.fill(oneScores, row, row + keys, Float.NEGATIVE_INFINITY);
                            System.arraycopy(s, h * (first + t + 1), oneScores, row, first + t + 1);
                            System.arraycopy(w, h * (first + t + 1), oneWeights, row, first + t + 1);
                        }
                    }
                }
                String what = kernels.description() + ", " + threads + " threads";
                boolean exact = kernels.description().startsWith("scalar");
                assertSame(oneScores, scores, exact, what + ": scores");
                assertSame(oneWeights, weights, exact, what + ": weights");
                assertSame(oneOut, out, exact, what + ": outputs");
                assertEquals(type == ElementType.F16 || type == ElementType.BF16, batchCache.keysDecodeToTheirScores(),
                        what);
            }
        }
    }

    /**
     * What makes the batch exact on vectors too: the F32/F16/BF16 caches' key scores are the decoded keys' {@code dot4}
     * products, bit for bit, also once C2 has compiled both (the first 20,000 calls warm them up; the last compares).
     * The softmax that follows is where {@link #aBatchEqualsItsQueriesOneAtATime} needs its tolerance.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} keys of {1}")
    @CsvSource({"f16, 40", "f16, 64", "bf16, 40", "f32, 40"})
    void keyScoresAreTheDecodedKeysDot4(String keyType, int keyDim) {
        ElementType type = KvCacheTypes.parseOne(keyType, "--cache-type-k");
        List<Kernels> sets = new ArrayList<>();
        sets.add(Kernels.scalar());
        Kernels.vector().ifPresent(sets::add);
        for (Kernels kernels : sets) {
            KvCacheTypes types = new KvCacheTypes(type, ElementType.F16);
            KvCache cache = KvCache.of(types, 1, KV_HEADS, keyDim, VALUE_DIM, 512, kernels);
            Random random = new Random(5);
            int positions = 300; // across a page's end
            for (int p = 0; p < positions; p++) {
                cache.store(0, p, random(random, KV_HEADS * keyDim), 0, random(random, KV_HEADS * VALUE_DIM), 0);
            }
            assertEquals(true, cache.keysDecodeToTheirScores(), keyType);
            float[] q = random(random, keyDim);
            int from = 230;
            int n = 53;
            float[] viaCache = new float[n];
            float[] keys = new float[(n + 3) * keyDim];
            float[] viaDecoded = new float[n + 3];
            for (int round = 0; round < 20_000; round++) {
                cache.keyScores(0, 1, from, n, q, 0, 1f, viaCache);
                cache.decodeKeys(0, 1, from, n, keys);
                for (int j = 0; j < n; j += 4) {
                    kernels.floats().dot4(keys, j * keyDim, keyDim, q, 0, viaDecoded, j);
                }
            }
            assertArrayEquals(viaCache, java.util.Arrays.copyOf(viaDecoded, n), 0f,
                    kernels.description() + " " + keyType + " keys");
        }
    }

    /**
     * Every cache type decodes its keys and values to what was stored, as its storage rounds it: F32 exactly, F16
     * and BF16 to their precision, Q8_0 to its blocks' (half a step of the largest |value| / 127, the values being
     * normal draws below ~5 in magnitude).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"f32, 0", "f16, 0.004", "bf16, 0.032", "q8_0, 0.08"})
    void everyCacheDecodesWhatWasStored(String typeName, float tolerance) {
        ElementType type = KvCacheTypes.parseOne(typeName, "--cache-type-k");
        KvCache cache = KvCache.of(new KvCacheTypes(type, type), 1, KV_HEADS, 64, 64, 512, Kernels.scalar());
        Random random = new Random(9);
        float[][] k = new float[300][];
        float[][] v = new float[300][];
        for (int p = 0; p < 300; p++) {
            k[p] = random(random, KV_HEADS * 64);
            v[p] = random(random, KV_HEADS * 64);
            cache.store(0, p, k[p], 0, v[p], 0);
        }
        int from = 240; // across a page's end
        int n = 40;
        float[] keys = new float[n * 64];
        float[] values = new float[n * 64];
        cache.decodeKeys(0, 1, from, n, keys);
        cache.decodeValues(0, 1, from, n, values);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 64; j++) {
                float wantK = k[from + i][64 + j];
                float wantV = v[from + i][64 + j];
                assertEquals(wantK, keys[i * 64 + j], tolerance, typeName + " key " + i + "," + j);
                assertEquals(wantV, values[i * 64 + j], tolerance, typeName + " value " + i + "," + j);
            }
        }
    }

    /**
     * Equal bit for bit on the scalar kernels. On vectors within 1e-6 of the largest magnitude: their softmax takes
     * the Vector API's float exponential, which the JIT compiles to another routine than the interpreter's per-lane
     * {@code Math.exp} (the two differ in the last bit now and then), so the same queries can come out a bit apart
     * before and after compilation, whichever path reads the keys (the Q8_0 and F32 rows here show it too).
     */
    private static void assertSame(float[] expected, float[] actual, boolean exact, String what) {
        float largest = 0;
        for (float v : expected) {
            if (Float.isFinite(v)) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        assertArrayEquals(expected, actual, exact ? 0f : 1e-6f * largest, what);
    }

    /** A cache of two layers with random keys and values at every position up to {@code positions}. */
    private static KvCache filled(Kernels kernels, ElementType type, int keyDim, int positions, Random random) {
        KvCacheTypes types = new KvCacheTypes(type, type == ElementType.F32 ? ElementType.F32 : ElementType.F16);
        KvCache cache = KvCache.of(types, 2, KV_HEADS, keyDim, VALUE_DIM, 512, kernels);
        for (int layer = 0; layer < 2; layer++) {
            for (int p = 0; p < positions; p++) {
                cache.store(layer, p, random(random, KV_HEADS * keyDim), 0, random(random, KV_HEADS * VALUE_DIM), 0);
            }
        }
        return cache;
    }

    private static float[] random(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
