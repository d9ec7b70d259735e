package dev.llmx.engine;

/**
 * The named points of the forward pass where a {@link Probe} can look, in the order they are computed. Tensor names
 * follow llama.cpp's naming (and design.md): {@code token_embd}, {@code blk.N.q}, …, {@code output_norm},
 * {@code logits}. Every tensor holds one row per position of the batch.
 */
public enum Stage {
    /** Token embeddings (scaled by √d_model where the architecture does so). */
    TOKEN_EMBD("token_embd", false),
    ATTN_NORM("attn_norm", true),
    /** Queries, after the per-head norm (if any) and RoPE: heads × head_dim per position. */
    Q("q", true),
    /** Keys, after the per-head norm and RoPE: kv_heads × head_dim. */
    K("k", true),
    V("v", true),
    /** Scaled scores before softmax: heads × positions seen, −∞ where the causal or window mask hides a key. */
    ATTN_SCORES("attn_scores", true),
    /** Softmax of the scores: heads × positions seen. */
    ATTN_WEIGHTS("attn_weights", true),
    /** Each head's output, the weights' mix of the value vectors, before the output projection: heads × value_dim. */
    KQV_OUT("kqv_out", true),
    /** The attention block's output as added to the residual (after the output projection and any post-norm). */
    ATTN_OUT("attn_out", true),
    /** The residual stream after attention. */
    RESID_MID("resid_mid", true),
    FFN_NORM("ffn_norm", true),
    /** Mixture of experts: the router's logit for each expert (after its bias, if any): n_expert per position. */
    FFN_MOE_LOGITS("ffn_moe_logits", true),
    /** Mixture of experts: the chosen experts' ids, highest weight first: n_expert_used per position. */
    FFN_MOE_TOPK("ffn_moe_topk", true),
    /** Mixture of experts: the chosen experts' weights, in the order of {@code ffn_moe_topk}. */
    FFN_MOE_WEIGHTS("ffn_moe_weights", true),
    /** The gate projection (dense feed-forward only; experts' intermediates are not shown). */
    FFN_GATE("ffn_gate", true),
    FFN_UP("ffn_up", true),
    /** act(gate) ⊙ up. */
    FFN_ACT("ffn_act", true),
    /** The feed-forward block's output as added to the residual (after the down projection and any post-norm). */
    FFN_OUT("ffn_out", true),
    /** The residual stream leaving the layer. */
    RESID_OUT("resid_out", true),
    OUTPUT_NORM("output_norm", false),
    LOGITS("logits", false);

    private final String suffix;
    private final boolean perLayer;

    Stage(String suffix, boolean perLayer) {
        this.suffix = suffix;
        this.perLayer = perLayer;
    }

    public boolean perLayer() {
        return perLayer;
    }

    /**
     * Whether a probe's edit of this tensor flows on into the rest of the pass. The attention scores and weights are
     * copies made for the probe (attention computes them on the fly, head by head), so editing them changes nothing;
     * every other tensor is the pass's own working array.
     */
    public boolean editable() {
        // The chosen experts' ids are a copy for reading: which experts run is decided by the router's logits (editable).
        return this != ATTN_SCORES && this != ATTN_WEIGHTS && this != FFN_MOE_TOPK;
    }

    /** {@code blk.3.attn_norm} for a per-layer stage, {@code output_norm} for the others (layer ignored). */
    public String tensorName(int layer) {
        return perLayer ? "blk." + layer + "." + suffix : suffix;
    }
}
