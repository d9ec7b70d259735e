package dev.llmx.ffn;

import java.util.Arrays;

/**
 * How a mixture-of-experts router turns its logits (one per expert) into the chosen experts and their weights, as
 * each family does it (llama.cpp's {@code llama_expert_gating_func_type} and {@code norm_w}).
 */
public enum ExpertGating {
    /**
     * Softmax over all experts, the top k of those probabilities, renormalised to sum 1 (Qwen3-MoE, Mixtral).
     */
    SOFTMAX_TOPK_NORMALISED("softmax_topk_normalised"),
    /** The top k of the raw logits, then a softmax over those k alone (gpt-oss). */
    TOPK_SOFTMAX("topk_softmax");

    private final String jsonName;

    ExpertGating(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /**
     * Chooses {@code k} experts from {@code logits[offset … offset+n)}: their ids into {@code chosen[chosenOffset …]}
     * (highest first; the lower id first on a tie, as a stable sort gives) and their weights into
     * {@code weights[chosenOffset …]}.
     */
    public void choose(float[] logits, int offset, int n, int k, int[] chosen, float[] weights, int chosenOffset) {
        float max = Float.NEGATIVE_INFINITY;
        for (int e = 0; e < n; e++) {
            max = Math.max(max, logits[offset + e]);
        }
        // Softmax is monotonic, so both gatings choose the same experts: the k largest logits.
        boolean[] taken = new boolean[n];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int e = 0; e < n; e++) {
                if (!taken[e] && (best < 0 || logits[offset + e] > logits[offset + best])) {
                    best = e;
                }
            }
            taken[best] = true;
            chosen[chosenOffset + j] = best;
        }
        if (this == SOFTMAX_TOPK_NORMALISED) {
            // p_e = exp(l_e − max) / Σ_all; renormalising over the chosen k cancels Σ_all, but the weights are
            // computed the long way round so that they are the probabilities llama.cpp's graph forms.
            double all = 0;
            for (int e = 0; e < n; e++) {
                all += Math.exp(logits[offset + e] - max);
            }
            double chosenSum = 0;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logits[offset + chosen[chosenOffset + j]] - max) / all;
                weights[chosenOffset + j] = (float) p;
                chosenSum += (float) p;
            }
            for (int j = 0; j < k; j++) {
                weights[chosenOffset + j] = (float) (weights[chosenOffset + j] / chosenSum);
            }
        } else {
            float top = logits[offset + chosen[chosenOffset]];
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[offset + chosen[chosenOffset + j]] - top);
            }
            for (int j = 0; j < k; j++) {
                weights[chosenOffset + j] = (float) (Math.exp(logits[offset + chosen[chosenOffset + j]] - top) / sum);
            }
        }
    }
}
