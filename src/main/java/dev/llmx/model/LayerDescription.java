package dev.llmx.model;

import dev.llmx.ffn.Activation;
import dev.llmx.ffn.ExpertGating;

/**
 * What one transformer layer does, as {@link ModelDescription} derives it from the file once.
 *
 * @param window     the sliding window in positions, 0 for full (causal) attention
 * @param rope       this layer's RoPE (Gemma 3's sliding-window layers have their own base)
 * @param ffn        the feed-forward: dense gated, or a mixture of experts
 */
public record LayerDescription(int index, int window, LayerRope rope, FeedForward ffn) {

    /**
     * A gated feed-forward, {@code down(act(gate·x) ⊙ up·x)}; with {@code experts > 0} a mixture of such blocks of
     * {@code length} each, of which the router picks {@code expertsUsed} per token and weighs them by {@code gating}.
     */
    public record FeedForward(Activation activation, int length, int experts, int expertsUsed, ExpertGating gating) {
        public boolean isMoe() {
            return experts > 0;
        }

        /** "dense (silu)", "moe 2 of 8 (softmax_topk_normalised, silu)". */
        public String describe() {
            return isMoe() ? "moe " + expertsUsed + " of " + experts + " (" + gating.jsonName() + ", "
                    + activation.jsonName() + ")" : "dense (" + activation.jsonName() + ")";
        }
    }

    public boolean sliding() {
        return window > 0;
    }
}
