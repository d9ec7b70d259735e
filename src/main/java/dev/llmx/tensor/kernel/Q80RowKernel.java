package dev.llmx.tensor.kernel;

import java.nio.ByteBuffer;

/**
 * A row kernel that also multiplies the Q8_0/Q8_1 codes llama.cpp makes of the activations ({@link Q80Activations})
 * in integers and applies each block's scales once, as ggml's dot products of the legacy types and IQ4_NL do.
 * {@link WeightMatrix} uses it for matrix × vector where the weight type's activations are Q8_0.
 */
public interface Q80RowKernel extends RowKernel {
    /** {@link #dotRows} with the activations given as Q8_0 blocks. */
    void dotRowsQ80(ByteBuffer buffer, int offset, int rowBytes, int rows, Q80Activations x, float[] out,
                    int outOffset, Scratch scratch);
}
