package dev.llmx.engine;

import dev.llmx.LlmxException;
import dev.llmx.attention.CausalAttention;
import dev.llmx.ffn.DenseFeedForward;
import dev.llmx.ffn.FeedForward;
import dev.llmx.kvcache.KvCache;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.norm.RmsNorm;
import dev.llmx.tensor.kernel.WeightMatrix;
import dev.llmx.tensor.kernel.WorkerPool;

/**
 * The forward pass, one for every architecture (their differences are {@link ArchitectureTraits}):
 *
 * <pre>
 * x = embed(tokens) (× √d)
 * for each layer:
 *     h = rmsnorm(x)                                    attn_norm
 *     q, k, v = h·Wq (+b), h·Wk (+b), h·Wv (+b)           (q/k per-head rmsnorm), RoPE → q, k, v; k, v → cache
 *     a = attention(q, cached k, v) · Wo  (post-norm)     attn_scores, attn_weights, kqv_out, attn_out
 *     x = x + a                                         resid_mid
 *     h = rmsnorm(x)                                    ffn_norm
 *     f = (act(h·Wgate) ⊙ h·Wup) · Wdown  (post-norm)   ffn_gate, ffn_up, ffn_act, ffn_out
 *       or Σ_k weight_k · expert_k(h)                   ffn_moe_logits, ffn_moe_topk, ffn_moe_weights
 *     x = x + f                                         resid_out
 * rmsnorm(x)                                            output_norm
 * </pre>
 *
 * A batch of tokens runs through each matrix at once (prefill is matrix × matrix); one token is decode. The logits
 * are a separate step ({@link #logits}), so a caller computes them only for the positions it needs.
 */
public final class Transformer {
    private final Model m;
    private final WorkerPool pool;
    private final CausalAttention attention;
    private Workspace ws;

    public Transformer(Model model, WorkerPool pool) {
        this.m = model;
        this.pool = pool;
        this.attention = new CausalAttention(m.heads, m.kvHeads, m.headDim, m.valueDim, m.kernels.floats());
    }

    public Model model() {
        return m;
    }

    /** A KV cache for this model holding {@code contextLength} positions, keys and values stored as {@code types}. */
    public KvCache newCache(int contextLength, KvCacheTypes types) {
        return KvCache.of(types, m.layers.length, m.kvHeads, m.headDim, m.valueDim, contextLength, m.kernels);
    }

    /**
     * Runs {@code tokens[offset … offset+count)} at the positions after those already in {@code cache}, adds their
     * keys and values to it, and returns the final-normed hidden states, {@code count × d_model}.
     */
    public float[] forward(int[] tokens, int offset, int count, KvCache cache, Probe probe) {
        if (count <= 0) {
            throw new IllegalArgumentException("no tokens to run");
        }
        if (count > cache.remaining()) {
            throw new LlmxException("the context is full: " + cache.length() + " of " + cache.capacity()
                    + " positions are used and " + count + " more do not fit; use a shorter input or a larger -c");
        }
        Probes probes = Probes.of(probe, m.layers.length);
        Workspace w = workspace(count);
        int d = m.dModel;
        int first = cache.length();

        embed(tokens, offset, count, w.residual);
        NonFinite.check(w.residual, count * d, "the embedding lookup (token_embd.weight)");
        probes.emit(Stage.TOKEN_EMBD, 0, first, count, w.residual, d);
        for (int l = 0; l < m.layers.length; l++) {
            attentionBlock(l, count, first, cache, w, probes);
            NonFinite.check(w.residual, count * d, l, "attention", "attn_*");
            feedForwardBlock(l, count, first, w, probes);
            NonFinite.check(w.residual, count * d, l, "feed-forward", "ffn_*");
        }
        cache.commit(count);
        float[] hidden = new float[count * d];
        RmsNorm.applyRows(w.residual, m.outputNorm, m.eps, hidden, count, d, pool);
        probes.emit(Stage.OUTPUT_NORM, 0, first, count, hidden, d);
        return hidden;
    }

    /**
     * Logits of {@code rows} positions: {@code out[r] = W_out · hidden[fromRow + r]}, {@code rows × n_vocab};
     * {@code firstPosition} is the position of {@code hidden}'s row 0 (for the probe).
     */
    public void logits(float[] hidden, int fromRow, int rows, float[] out, int firstPosition, Probe probe) {
        int d = m.dModel;
        if (rows == 1) {
            m.output.multiplyVector(hidden, fromRow * d, out, 0, pool);
        } else {
            float[] x = new float[rows * d];
            System.arraycopy(hidden, fromRow * d, x, 0, rows * d);
            m.output.multiply(x, rows, out, pool);
        }
        NonFinite.check(out, rows * m.vocab, "the output projection (output_norm.weight, output.weight)");
        Probes.of(probe, m.layers.length).emit(Stage.LOGITS, 0, firstPosition + fromRow, rows, out, m.vocab);
    }

    /**
     * The logit lens: the logits if the residual stream {@code x} (one position, d_model values) left the model
     * here — the final norm, then the output matrix, the same steps as the forward pass's end. Applied to the last
     * layer's output it gives the pass's own logits.
     */
    public float[] logitLens(float[] x) {
        int d = m.dModel;
        if (x.length != d) {
            throw new IllegalArgumentException(x.length + " values for a residual stream of " + d);
        }
        float[] hidden = new float[d];
        RmsNorm.applyRows(x, m.outputNorm, m.eps, hidden, 1, d);
        float[] out = new float[m.vocab];
        m.output.multiplyVector(hidden, 0, out, 0, pool);
        return out;
    }

    private void embed(int[] tokens, int offset, int count, float[] x) {
        int d = m.dModel;
        for (int t = 0; t < count; t++) {
            int id = tokens[offset + t];
            if (id < 0 || id >= m.embeddings.rows()) {
                throw new LlmxException("token id " + id + " is outside the model's vocabulary (0–"
                        + (m.embeddings.rows() - 1) + ")");
            }
            m.embeddings.decodeRow(id, x, t * d);
            if (m.embeddingScale != 1f) {
                for (int i = 0; i < d; i++) {
                    x[t * d + i] *= m.embeddingScale;
                }
            }
        }
    }

    private void attentionBlock(int l, int count, int first, KvCache cache, Workspace w, Probes probes) {
        LayerWeights lw = m.layers[l];
        int d = m.dModel;
        int qDim = m.heads * m.headDim;
        int kDim = m.kvHeads * m.headDim;
        int vDim = m.kvHeads * m.valueDim;

        RmsNorm.applyRows(w.residual, lw.attnNorm(), m.eps, w.normed, count, d, pool);
        probes.emit(Stage.ATTN_NORM, l, first, count, w.normed, d);

        project(lw.q(), lw.qBias(), w.normed, count, w.q);
        project(lw.k(), lw.kBias(), w.normed, count, w.k);
        project(lw.v(), lw.vBias(), w.normed, count, w.v);
        if (lw.qNorm() != null) {
            RmsNorm.applyRows(w.q, lw.qNorm(), m.eps, w.q, count * m.heads, m.headDim, pool);
            RmsNorm.applyRows(w.k, lw.kNorm(), m.eps, w.k, count * m.kvHeads, m.headDim, pool);
        }
        for (int t = 0; t < count; t++) {
            m.rope[l].rotate(w.q, t * qDim, m.heads, m.headDim, first + t);
            m.rope[l].rotate(w.k, t * kDim, m.kvHeads, m.headDim, first + t);
        }
        probes.emit(Stage.Q, l, first, count, w.q, m.heads, m.headDim);
        probes.emit(Stage.K, l, first, count, w.k, m.kvHeads, m.headDim);
        probes.emit(Stage.V, l, first, count, w.v, m.kvHeads, m.valueDim);
        // Stored after the probes saw them, so that a probe's edit of k or v is what attention reads.
        for (int t = 0; t < count; t++) {
            cache.store(l, first + t, w.k, t * kDim, w.v, t * vDim);
        }

        int keys = first + count;
        float[] scores = probes.wants(Stage.ATTN_SCORES, l) ? new float[count * m.heads * keys] : null;
        float[] weights = probes.wants(Stage.ATTN_WEIGHTS, l) ? new float[count * m.heads * keys] : null;
        attention.apply(cache, l, w.q, first, count, m.window[l], m.attentionScale, lw.sinks(), w.heads, scores, weights,
                pool);
        if (scores != null) {
            probes.emit(Stage.ATTN_SCORES, l, first, count, scores, m.heads, keys);
        }
        if (weights != null) {
            probes.emit(Stage.ATTN_WEIGHTS, l, first, count, weights, m.heads, keys);
        }
        probes.emit(Stage.KQV_OUT, l, first, count, w.heads, m.heads, m.valueDim);

        project(lw.output(), lw.outputBias(), w.heads, count, w.blockOut);
        if (lw.postAttnNorm() != null) {
            RmsNorm.applyRows(w.blockOut, lw.postAttnNorm(), m.eps, w.blockOut, count, d, pool);
        }
        probes.emit(Stage.ATTN_OUT, l, first, count, w.blockOut, d);
        add(w.blockOut, w.residual, count * d);
        probes.emit(Stage.RESID_MID, l, first, count, w.residual, d);
    }

    private void feedForwardBlock(int l, int count, int first, Workspace w, Probes probes) {
        LayerWeights lw = m.layers[l];
        int d = m.dModel;
        RmsNorm.applyRows(w.residual, lw.ffnNorm(), m.eps, w.normed, count, d, pool);
        probes.emit(Stage.FFN_NORM, l, first, count, w.normed, d);
        lw.ffn().apply(w.normed, count, w.blockOut, pool, probes.any() ? new FfnTap(probes, l, first, count)
                : FeedForward.Tap.NONE);
        if (lw.postFfnNorm() != null) {
            RmsNorm.applyRows(w.blockOut, lw.postFfnNorm(), m.eps, w.blockOut, count, d, pool);
        }
        probes.emit(Stage.FFN_OUT, l, first, count, w.blockOut, d);
        add(w.blockOut, w.residual, count * d);
        probes.emit(Stage.RESID_OUT, l, first, count, w.residual, d);
    }

    /** {@code y = W·x (+ bias)} for {@code count} tokens. */
    private void project(WeightMatrix weight, float[] bias, float[] x, int count, float[] y) {
        weight.multiply(x, count, y, pool);
        DenseFeedForward.addBias(y, bias, count, weight.rows());
    }

    /** Shows a feed-forward block's intermediate tensors to the probes under their stage names. */
    private record FfnTap(Probes probes, int layer, int first, int count) implements FeedForward.Tap {
        private static Stage stage(FeedForward.Point point) {
            return switch (point) {
                case GATE -> Stage.FFN_GATE;
                case UP -> Stage.FFN_UP;
                case ACT -> Stage.FFN_ACT;
                case MOE_LOGITS -> Stage.FFN_MOE_LOGITS;
                case MOE_TOPK -> Stage.FFN_MOE_TOPK;
                case MOE_WEIGHTS -> Stage.FFN_MOE_WEIGHTS;
            };
        }

        @Override
        public boolean wants(FeedForward.Point point) {
            return probes.wants(stage(point), layer);
        }

        @Override
        public void emit(FeedForward.Point point, float[] values, int width) {
            probes.emit(stage(point), layer, first, count, values, width);
        }
    }

    private static void add(float[] from, float[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] += from[i];
        }
    }

    private Workspace workspace(int count) {
        if (ws == null || ws.capacity < count) {
            ws = new Workspace(m, count);
        }
        return ws;
    }
}
