package dev.llmx.tensor.kernel;

import java.nio.ByteBuffer;

/**
 * A row kernel that also multiplies the Q8_K codes llama.cpp makes of the activations
 * ({@link ActivationRounding#quantizeQ8K}) and applies each 256-value block's scale once, so that its block sums are
 * ggml's integer sums exactly (products and sums of small integers are exact in float) instead of sums of rounded
 * code × scale products. {@link WeightMatrix} uses it for matrix × vector where the weight type's activations are
 * Q8_K.
 */
public interface Q8KRowKernel extends RowKernel {
    /** {@link #dotRows} with the activations given as Q8_K blocks. */
    void dotRowsQ8K(ByteBuffer buffer, int offset, int rowBytes, int rows, Q8KActivations x, float[] out,
                    int outOffset, Scratch scratch);
}
