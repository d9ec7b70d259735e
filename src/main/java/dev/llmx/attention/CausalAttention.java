package dev.llmx.attention;

import dev.llmx.kvcache.KvCache;
import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.Arrays;

/**
 * Scaled dot-product attention of a batch of query tokens over the KV cache, causal (a token sees its own position
 * and earlier ones, and with a sliding window only the last {@code window} of those), with grouped-query heads
 * (query head h reads KV head h / (heads / kvHeads): one KV head for all queries is MQA, one each is MHA).
 *
 * <p>Softmax is the stable one: the largest score is subtracted before exponentiating. With attention sinks
 * (gpt-oss) each head has a learned logit that joins the softmax's denominator but has no value: the weights of the
 * real keys then sum to less than 1 (llama.cpp's {@code ggml_soft_max_ext} with sinks).
 */
public final class CausalAttention {
    /** Below this many multiply-adds a call runs on the calling thread. */
    private static final long MIN_PARALLEL_WORK = 1 << 14;
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);

    private final int heads;
    private final int kvHeads;
    private final int keyDim;
    private final int valueDim;
    private final FloatOps floats;

    public CausalAttention(int heads, int kvHeads, int keyDim, int valueDim, FloatOps floats) {
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads do not split into " + kvHeads + " KV groups");
        }
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.floats = floats;
    }

    /** The oldest position {@code position} attends to. */
    public static int firstVisible(int position, int window) {
        return window > 0 ? Math.max(0, position - window + 1) : 0;
    }

    /**
     * For each token t < count (at position {@code first + t}, its keys and values already in the cache) and head h:
     * {@code out[t][h] = Σ_j softmax_j(scale · q[t][h] · K[j]) · V[j]} over the positions j it sees.
     *
     * @param q        count × heads × keyDim queries (after RoPE)
     * @param out      count × heads × valueDim
     * @param scores   null, or count × heads × (first + count) to receive the scaled scores (−∞ where masked)
     * @param weights  null, or the same shape to receive the softmax weights (0 where masked)
     */
    public void apply(KvCache cache, int layer, float[] q, int first, int count, int window, float scale,
                      float[] out, float[] scores, float[] weights, WorkerPool pool) {
        apply(cache, layer, q, first, count, window, scale, null, out, scores, weights, pool);
    }

    /** As above, with one sink logit per query head ({@code sinks}, null for none). */
    public void apply(KvCache cache, int layer, float[] q, int first, int count, int window, float scale,
                      float[] sinks, float[] out, float[] scores, float[] weights, WorkerPool pool) {
        int units = count * heads;
        long work = (long) units * (first + count) * (keyDim + valueDim);
        int chunks = work < MIN_PARALLEL_WORK ? 1 : Math.min(units, pool.threads() * 4);
        int perChunk = (units + chunks - 1) / chunks;
        int keysSeen = first + count;
        int group = heads / kvHeads;
        pool.run(chunks, c -> {
            int end = Math.min(units, (c + 1) * perChunk);
            for (int u = c * perChunk; u < end; u++) {
                int t = u / heads;
                int h = u % heads;
                head(cache, layer, q, t, h, h / group, first + t, window, scale,
                        sinks == null ? Float.NEGATIVE_INFINITY : sinks[h], out, scores, weights,
                        (t * heads + h) * keysSeen, keysSeen);
            }
        });
    }

    private void head(KvCache cache, int layer, float[] q, int t, int h, int kvHead, int position, int window,
                      float scale, float sink, float[] out, float[] scoresOut, float[] weightsOut, int probeRow,
                      int keysSeen) {
        int from = firstVisible(position, window);
        int n = position - from + 1;
        float[] s = scratch(n);
        int qOffset = (t * heads + h) * keyDim;
        cache.keyScores(layer, kvHead, from, n, q, qOffset, scale, s);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, s[j]);
        }
        if (scoresOut != null) {
            Arrays.fill(scoresOut, probeRow, probeRow + keysSeen, Float.NEGATIVE_INFINITY);
            System.arraycopy(s, 0, scoresOut, probeRow + from, n);
        }
        // A sink takes part in the max (so nothing overflows) and adds exp(sink − max) to the denominator.
        boolean hasSink = sink != Float.NEGATIVE_INFINITY;
        if (hasSink) {
            max = Math.max(max, sink);
        }
        float sum = floats.expShifted(s, n, max);
        if (hasSink) {
            sum += (float) Math.exp(sink - max);
        }
        float norm = 1f / sum;
        int outOffset = (t * heads + h) * valueDim;
        Arrays.fill(out, outOffset, outOffset + valueDim, 0f);
        for (int j = 0; j < n; j++) {
            s[j] *= norm;
        }
        cache.addValues(layer, kvHead, from, n, s, out, outOffset);
        if (weightsOut != null) {
            Arrays.fill(weightsOut, probeRow, probeRow + keysSeen, 0f);
            System.arraycopy(s, 0, weightsOut, probeRow + from, n);
        }
    }

    private static float[] scratch(int n) {
        float[] s = SCORES.get();
        if (s.length < n) {
            s = new float[Math.max(n, 2 * s.length)];
            SCORES.set(s);
        }
        return s;
    }
}
