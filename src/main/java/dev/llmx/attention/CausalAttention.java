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
    /**
     * Tokens per task of a batch over decoded keys ({@link #applyDecoded}): each task decodes what its tokens see,
     * so longer blocks decode less often and shorter ones balance the threads better.
     */
    private static final int BLOCK = 16;
    /** Below this many tokens a batch reads the cache query by query (decoding it per block would not pay). */
    private static final int MIN_BATCH = 4;
    /**
     * The most floats of decoded keys and values a thread holds (4 MiB: 4,096 positions of 128-value heads); a batch
     * that sees more of the cache reads it query by query, as decoding does.
     */
    private static final int MAX_DECODED = 1 << 20;
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> DECODED_KEYS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> DECODED_VALUES = ThreadLocal.withInitial(() -> new float[0]);

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
        int keysSeen = first + count;
        if (count >= MIN_BATCH && cache.keysDecodeToTheirScores() && decodedFloats(keysSeen, window) <= MAX_DECODED) {
            applyDecoded(cache, layer, q, first, count, window, scale, sinks, out, scores, weights, pool);
            return;
        }
        int units = count * heads;
        long work = (long) units * keysSeen * (keyDim + valueDim);
        int chunks = work < MIN_PARALLEL_WORK ? 1 : Math.min(units, pool.threads() * 4);
        int perChunk = (units + chunks - 1) / chunks;
        int group = heads / kvHeads;
        pool.run(chunks, c -> {
            int end = Math.min(units, (c + 1) * perChunk);
            for (int u = c * perChunk; u < end; u++) {
                int t = u / heads;
                int h = u % heads;
                head(cache, layer, null, null, 0, q, t, h, h / group, first + t, window, scale,
                        sinks == null ? Float.NEGATIVE_INFINITY : sinks[h], out, scores, weights,
                        (t * heads + h) * keysSeen, keysSeen);
            }
        });
    }

    /**
     * A batch over a cache whose keys decode to the numbers its key scores use ({@link KvCache#decodeKeys}): each task
     * takes one KV head and a block of at most {@link #BLOCK} tokens, decodes the keys and values those tokens see
     * once, and runs the block's queries of that head's group over them, four keys per {@link FloatOps#dot4}. Per
     * query and key the arithmetic is that of {@link KvCache#keyScores} and {@link KvCache#addValues}, so the result
     * is the same as query by query; the F16 widening and the per-key calls are done once per block instead of once
     * per query (a sixth of a SmolLM-shaped prefill before).
     */
    private void applyDecoded(KvCache cache, int layer, float[] q, int first, int count, int window, float scale,
                              float[] sinks, float[] out, float[] scores, float[] weights, WorkerPool pool) {
        int keysSeen = first + count;
        // Blocks short enough for four tasks per thread (one KV head, a short batch, many threads), else BLOCK.
        int block = Math.max(1, Math.min(BLOCK, (count * kvHeads + 4 * pool.threads() - 1) / (4 * pool.threads())));
        int blocks = (count + block - 1) / block;
        int group = heads / kvHeads;
        pool.run(kvHeads * blocks, task -> {
            int kvHead = task % kvHeads;
            // The last tokens' blocks first: they see the most keys, and the short ones then fill the threads' ends.
            int t0 = (blocks - 1 - task / kvHeads) * block;
            int t1 = Math.min(count, t0 + block);
            int from = firstVisible(first + t0, window);
            int n = first + t1 - from;
            // Three rows past the last: dot4 takes four keys at a time; the scores of rows past n are not used.
            float[] keys = grown(DECODED_KEYS, (n + 3) * keyDim);
            float[] values = grown(DECODED_VALUES, n * valueDim);
            cache.decodeKeys(layer, kvHead, from, n, keys);
            cache.decodeValues(layer, kvHead, from, n, values);
            for (int t = t0; t < t1; t++) {
                for (int h = kvHead * group; h < (kvHead + 1) * group; h++) {
                    head(cache, layer, keys, values, from, q, t, h, kvHead, first + t, window, scale,
                            sinks == null ? Float.NEGATIVE_INFINITY : sinks[h], out, scores, weights,
                            (t * heads + h) * keysSeen, keysSeen);
                }
            }
        });
    }

    /**
     * One query head of one token. {@code keys} and {@code values} are null to read the cache, or the rows decoded
     * from position {@code decodedFrom} on.
     */
    private void head(KvCache cache, int layer, float[] keys, float[] values, int decodedFrom, float[] q, int t, int h,
                      int kvHead, int position, int window, float scale, float sink, float[] out, float[] scoresOut,
                      float[] weightsOut, int probeRow, int keysSeen) {
        int from = firstVisible(position, window);
        int n = position - from + 1;
        float[] s = grown(SCORES, n + 3);
        int qOffset = (t * heads + h) * keyDim;
        if (keys == null) {
            cache.keyScores(layer, kvHead, from, n, q, qOffset, scale, s);
        } else {
            int row = (from - decodedFrom) * keyDim;
            for (int j = 0; j < n; j += 4) {
                floats.dot4(keys, row + j * keyDim, keyDim, q, qOffset, s, j);
            }
            for (int j = 0; j < n; j++) {
                s[j] *= scale;
            }
        }
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
        if (values == null) {
            cache.addValues(layer, kvHead, from, n, s, out, outOffset);
        } else {
            int row = (from - decodedFrom) * valueDim;
            for (int j = 0; j < n; j++) {
                floats.axpy(s[j], values, row + j * valueDim, out, outOffset, valueDim);
            }
        }
        if (weightsOut != null) {
            Arrays.fill(weightsOut, probeRow, probeRow + keysSeen, 0f);
            System.arraycopy(s, 0, weightsOut, probeRow + from, n);
        }
    }

    /** The most floats a thread decodes for one block: what the keys and values of the last token's view take. */
    private long decodedFloats(int keysSeen, int window) {
        long n = window > 0 ? Math.min(keysSeen, (long) window + BLOCK) : keysSeen;
        return (n + 3) * keyDim + n * valueDim;
    }

    /**
     * The thread's array from {@code holder} (scores, decoded keys or values), grown to at least {@code n}: doubling,
     * but past {@link #MAX_DECODED} only to what is asked.
     */
    private static float[] grown(ThreadLocal<float[]> holder, int n) {
        float[] a = holder.get();
        if (a.length < n) {
            a = new float[Math.max(n, Math.min(2 * a.length, MAX_DECODED))];
            holder.set(a);
        }
        return a;
    }

}
