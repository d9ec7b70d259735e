package dev.llmx.kvcache;

import java.util.Optional;

/**
 * FLOPs and memory traffic of running a model, counted exactly from its shape (one multiply-add = 2 FLOPs).
 *
 * <p>A token at position {@code p} (0-based) costs {@code 2 × matmul weights} for its projections and feed-forward,
 * plus attention over the {@code n = p + 1} positions it sees (at most the window in a sliding layer):
 * {@code 2 × heads × (score dim + value dim) × n} per layer — the q·k scores and the weighted sum of V.
 * That second term is the one that grows with position.
 *
 * <ul>
 * <li>prefill of {@code P} prompt tokens: the sum of that over positions 0 … P−1;</li>
 * <li>decoding one new token after {@code c} tokens with a KV cache: the cost of position {@code c} alone;</li>
 * <li>without a KV cache every step recomputes the whole prefix: prefill of {@code c + 1} tokens.</li>
 * </ul>
 */
public final class ComputeCost {
    private final KvModel model;
    private final ParameterCount params;
    private final KvCacheCost cache;
    private final WeightStorage weightType;

    private ComputeCost(KvModel model, ParameterCount params, KvCacheCost cache, WeightStorage weightType) {
        this.model = model;
        this.params = params;
        this.cache = cache;
        this.weightType = weightType;
    }

    /** Empty when the parameters or the number of query heads are unknown. */
    public static Optional<ComputeCost> of(KvCacheCost cache, WeightStorage weightType) {
        KvModel m = cache.model();
        if (m.heads() < 1) {
            return Optional.empty();
        }
        return ParameterCount.of(m).map(p -> new ComputeCost(m, p, cache, weightType));
    }

    public ParameterCount params() {
        return params;
    }

    public WeightStorage weightType() {
        return weightType;
    }

    /** FLOPs of a token's projections and feed-forward, the same at every position: 2 × matmul weights. */
    public long baseFlopsPerToken() {
        return Math.multiplyExact(2L, params.matmulActive());
    }

    /** Attention FLOPs per visible position in one layer: 2 × heads × (score dim + value dim). */
    public long attentionFlopsPerPosition() {
        return Math.multiplyExact(2L * model.heads(), model.scoreDim() + model.valueDim());
    }

    /** Attention FLOPs of the token at position {@code position} (it sees {@code position + 1} positions). */
    public double attentionFlops(long position) {
        // FLOP counts are doubles: a prefill of 10M tokens needs more than 2^63 of them, and they are estimates.
        double seen = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            seen += cache.tokensHeld(layer, position + 1);
        }
        return attentionFlopsPerPosition() * seen;
    }

    /** All FLOPs of the token at {@code position}. */
    public double flopsAt(long position) {
        return baseFlopsPerToken() + attentionFlops(position);
    }

    /** FLOPs of processing a prompt of {@code tokens} tokens in one pass (causal attention). */
    public double prefillFlops(long tokens) {
        double seen = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            seen += visibleSum(tokens, model.windows().isSliding(layer) ? model.windows().window() : 0);
        }
        return (double) tokens * baseFlopsPerToken() + attentionFlopsPerPosition() * seen;
    }

    /** Σ_{n=1..tokens} min(n, window): positions seen over a prefill; {@code window == 0} means unlimited. */
    static double visibleSum(long tokens, long window) {
        if (window == 0 || tokens <= window) {
            return tokens * (tokens + 1.0) / 2;
        }
        return window * (window + 1.0) / 2 + (double) (tokens - window) * window;
    }

    /** FLOPs of the next token when {@code context} tokens are already cached. */
    public double decodeFlopsWithCache(long context) {
        return flopsAt(context);
    }

    /** FLOPs of the next token when nothing is cached: the prefix is recomputed. */
    public double decodeFlopsWithoutCache(long context) {
        return prefillFlops(context + 1);
    }

    /** Memory the weights take stored as {@link #weightType()} (one element type for all parameters, or as a model file stores them). */
    public long weightsBytes() {
        return weightType.bytes(params.total());
    }

    /**
     * Weights one decode step of {@code batch} sequences reads: the active parameters, and for a mixture of experts
     * every further expert the batch may route to (at most {@code batch × active experts} distinct ones per layer).
     */
    public long weightsReadPerStep(long batch) {
        long read = params.active();
        if (model.moe().isPresent()) {
            Moe e = model.moe().get();
            long touched = Math.min(e.experts(), Math.multiplyExact((long) e.activeExperts(), batch));
            long moeLayers = model.layers() - e.denseLayers();
            read = Math.addExact(read, Math.multiplyExact(Math.multiplyExact(touched - e.activeExperts(), moeLayers),
                    ParameterCount.routedExpertParams(model)));
        }
        return weightType.bytes(read);
    }

    /**
     * Bytes a decode step moves for {@code batch} sequences at {@code context} tokens: the weights it reads once,
     * the KV cache every sequence reads, and the new token's K and V every sequence writes.
     */
    public long decodeTrafficBytes(long context, long batch) {
        long kvRead = cache.totalBytes(context, batch);
        long kvWrite = Math.multiplyExact(cache.bytesPerToken(), batch);
        return Math.addExact(Math.addExact(weightsReadPerStep(batch), kvRead), kvWrite);
    }

    /** The bandwidth-bound ceiling of generated tokens per second (all sequences together). */
    public double tokensPerSecondCeiling(double bytesPerSecond, long context, long batch) {
        return bytesPerSecond * batch / decodeTrafficBytes(context, batch);
    }
}
