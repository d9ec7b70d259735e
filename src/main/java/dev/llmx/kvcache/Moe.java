package dev.llmx.kvcache;

/**
 * A mixture-of-experts feed-forward: each token goes through {@code activeExperts} of {@code experts} routed
 * experts plus {@code sharedExperts} that every token uses. The first {@code denseLayers} layers keep an ordinary
 * feed-forward of the model's {@code ffn} size (DeepSeek-V3's {@code first_k_dense_replace}).
 *
 * <p>Total parameters decide the memory the weights take; active parameters decide the FLOPs per token and the
 * weights read per decoded token.
 *
 * @param routerBias  the router has a bias per expert (gpt-oss; DeepSeek-V3's {@code e_score_correction_bias})
 * @param expertBias  each expert's projections have biases (gpt-oss)
 */
public record Moe(int experts, int activeExperts, int sharedExperts, long expertFfn, int denseLayers,
                  boolean routerBias, boolean expertBias) {
    public Moe {
        if (experts < 1 || activeExperts < 1 || activeExperts > experts || sharedExperts < 0 || expertFfn < 1
                || denseLayers < 0) {
            throw new IllegalArgumentException("inconsistent mixture-of-experts sizes");
        }
    }
}
