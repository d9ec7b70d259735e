package dev.llmx.attention;

import java.util.Arrays;

/**
 * A what-if, not the forward pass: the attention scores a layer would give if its queries and keys were not rotated
 * by RoPE. The rotation is undone on copies of the rotated q and k the pass produced, so the comparison isolates
 * what the position information changes; the causal (and sliding-window) mask stays.
 */
public final class RopeWhatIf {
    private RopeWhatIf() {
    }

    /**
     * Scores {@code positions × heads × positions} (query × head × key; −∞ where masked) from q
     * ({@code positions × heads × headDim}) and k ({@code positions × kvHeads × headDim}), both after RoPE.
     */
    public static float[] scoresWithoutRope(float[] q, float[] k, int positions, int heads, int kvHeads, int headDim,
                                            Rope rope, float scale, int window) {
        float[] plainQ = Arrays.copyOf(q, positions * heads * headDim);
        float[] plainK = Arrays.copyOf(k, positions * kvHeads * headDim);
        for (int p = 0; p < positions; p++) {
            rope.unrotate(plainQ, p * heads * headDim, heads, headDim, p);
            rope.unrotate(plainK, p * kvHeads * headDim, kvHeads, headDim, p);
        }
        int group = heads / kvHeads;
        float[] scores = new float[positions * heads * positions];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < positions; i++) {
            for (int h = 0; h < heads; h++) {
                int qOffset = (i * heads + h) * headDim;
                for (int j = CausalAttention.firstVisible(i, window); j <= i; j++) {
                    int kOffset = (j * kvHeads + h / group) * headDim;
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) {
                        dot += plainQ[qOffset + d] * plainK[kOffset + d];
                    }
                    scores[(i * heads + h) * positions + j] = (float) (dot * scale);
                }
            }
        }
        return scores;
    }

    /** Softmax of each row of {@code rowLength} scores (masked −∞ entries get weight 0). */
    public static float[] softmaxRows(float[] scores, int rowLength) {
        float[] weights = new float[scores.length];
        for (int r = 0; r < scores.length / rowLength; r++) {
            int o = r * rowLength;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < rowLength; j++) {
                max = Math.max(max, scores[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < rowLength; j++) {
                sum += scores[o + j] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(scores[o + j] - max);
            }
            for (int j = 0; j < rowLength; j++) {
                weights[o + j] = scores[o + j] == Float.NEGATIVE_INFINITY ? 0f
                        : (float) (Math.exp(scores[o + j] - max) / sum);
            }
        }
        return weights;
    }
}
