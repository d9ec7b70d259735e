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
        WeightBytes b = WeightBytes.of(buffer, offset, rows * rowBytes);
        for (int r = 0; r < rows; r++) {
            out[outOffset + r] = dotCodes(b, r * rowBytes, x, x.length());
        }
    }

    /** The dot product of the row at {@code b[base…]} with the Q8_K activations. */
    abstract float dotCodes(WeightBytes b, int base, Q8KActivations x, int n);
}
