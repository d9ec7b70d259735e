package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.Q8KActivations;
import dev.llmx.tensor.kernel.Q8KRowKernel;
import dev.llmx.tensor.kernel.Scratch;

import java.nio.ByteBuffer;

/** A block-row kernel that also takes Q8_K codes: the k-quants whose integer block sums it reproduces exactly. */
abstract class Q8KBlockRowKernel extends BlockRowKernel implements Q8KRowKernel {
    @Override
    public final void dotRowsQ8K(ByteBuffer buffer, int offset, int rowBytes, int rows, Q8KActivations x,
                                 float[] out, int outOffset, Scratch scratch) {
        dotRunQ8K(WeightBytes.of(buffer, offset, rows * rowBytes), rowBytes, rows, x, out, outOffset);
    }

    /** {@link #dotRun} on Q8_K activations, for the rows at {@code b}. */
    abstract void dotRunQ8K(WeightBytes b, int rowBytes, int rows, Q8KActivations x, float[] out, int outOffset);
}
