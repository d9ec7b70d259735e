package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;

import java.nio.ByteBuffer;

/**
 * A kernel for rows of quantized blocks, computed where the rows lie in the mapped file ({@link WeightBytes}: vector
 * loads straight from the mapping, no copy onto the heap).
 */
abstract class BlockRowKernel implements RowKernel {
    /** Bytes of a row of {@code n} values. */
    abstract int rowBytes(int n);

    /** The dot product of the row at {@code b[base…]} with x. */
    abstract float dot(WeightBytes b, int base, float[] x, int xOffset, int n);

    /** Decodes the row at {@code b[base…]}. */
    abstract void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n);

    @Override
    public final float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
        return dot(WeightBytes.of(row, offset, rowBytes(n)), 0, x, xOffset, n);
    }

    @Override
    public final void dotRows(ByteBuffer buffer, int offset, int rowBytes, int rows, float[] x, int xOffset, int n,
                              float[] out, int outOffset, Scratch scratch) {
        dotRun(WeightBytes.of(buffer, offset, rows * rowBytes), rowBytes, rows, x, xOffset, n, out, outOffset, scratch);
    }

    /**
     * The dot products of the {@code rows} rows at {@code b} ({@code rowBytes} each) with x. Kernels override this
     * to compute several rows at once: each x vector loaded serves every row, and the rows' accumulators are
     * independent chains of multiply-adds, so the core overlaps them instead of waiting on one chain's latency. Or
     * to prepare something from x once for the run: {@code scratch}'s float array is free for that.
     */
    void dotRun(WeightBytes b, int rowBytes, int rows, float[] x, int xOffset, int n, float[] out, int outOffset,
                Scratch scratch) {
        for (int r = 0; r < rows; r++) {
            out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n);
        }
    }

    @Override
    public final void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
        decode(WeightBytes.of(row, offset, rowBytes(n)), 0, dst, dstOffset, n);
    }
}
