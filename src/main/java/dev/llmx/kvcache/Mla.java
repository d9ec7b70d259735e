package dev.llmx.kvcache;

/**
 * Multi-head latent attention (DeepSeek-V2/V3): keys and values are rebuilt from a compressed latent of
 * {@code kvLoraRank} values plus a shared RoPE key of {@code qkRopeHeadDim} values, and only those are cached.
 *
 * <p>Cache convention (llama.cpp since its "V-less cache" change, PR 19067): one row of
 * {@code kvLoraRank + qkRopeHeadDim} values per token per layer (576 for DeepSeek-V3) in the K cache and no V cache,
 * because V is read back from the same latent. Attention is computed in the latent space ("absorbed" weights), so
 * each head's score uses {@code kvLoraRank + qkRopeHeadDim} dimensions and its weighted sum {@code kvLoraRank}.
 *
 * @param qLoraRank 0 when queries are projected directly (DeepSeek-V2-Lite)
 */
public record Mla(int kvLoraRank, int qkRopeHeadDim, int qkNopeHeadDim, int vHeadDim, int qLoraRank) {
    public Mla {
        if (kvLoraRank < 1 || qkRopeHeadDim < 0 || qkNopeHeadDim < 0 || vHeadDim < 1 || qLoraRank < 0) {
            throw new IllegalArgumentException("MLA dimensions must be positive");
        }
    }

    /** Values cached per token per layer: the latent and the RoPE key. */
    public int cachedValues() {
        return kvLoraRank + qkRopeHeadDim;
    }
}
