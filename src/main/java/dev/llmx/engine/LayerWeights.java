package dev.llmx.engine;

import dev.llmx.ffn.FeedForward;
import dev.llmx.tensor.kernel.WeightMatrix;

/**
 * One transformer block's weights, under what they do. Norm weights and biases are small and copied to the heap;
 * the matrices stay in the model file. Optional parts are null when the architecture or the file has none.
 *
 * @param qNorm         per-head RMSNorm of the queries (Qwen 3, Gemma 3), headDim values
 * @param outputBias    bias of the attention output projection (gpt-oss)
 * @param sinks         one attention-sink logit per query head (gpt-oss's {@code attn_sinks})
 * @param postAttnNorm  RMSNorm of the attention output before the residual (Gemma 3)
 * @param ffn           the feed-forward block: dense gated or a mixture of experts
 * @param postFfnNorm   RMSNorm of the feed-forward output before the residual (Gemma 3)
 */
public record LayerWeights(float[] attnNorm, WeightMatrix q, WeightMatrix k, WeightMatrix v, float[] qBias,
                           float[] kBias, float[] vBias, float[] qNorm, float[] kNorm, WeightMatrix output,
                           float[] outputBias, float[] sinks, float[] postAttnNorm, float[] ffnNorm, FeedForward ffn,
                           float[] postFfnNorm) {
}
