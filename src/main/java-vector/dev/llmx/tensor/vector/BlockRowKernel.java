package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;

import java.nio.ByteBuffer;

/**
 * A kernel for rows of quantized blocks: rows are copied out of the mapped file into a per-thread byte array (a run
 * of rows in one bulk copy) and computed from there with vector loads.
 */
abstract class BlockRowKernel implements RowKernel {
    /** Copies {@code rows} rows of {@code rowBytes} from the mapped file into the thread's byte array. */
    static byte[] copyRows(ByteBuffer buffer, int offset, int rowBytes, int rows, Scratch scratch) {
        byte[] b = scratch.bytes(rows * rowBytes);
        buffer.get(offset, b, 0, rows * rowBytes);
        return b;
    }

    /** Bytes of a row of {@code n} values. */
    abstract int rowBytes(int n);

    /** The dot product of the row at {@code b[base…]} with x. */
    abstract float dot(byte[] b, int base, float[] x, int xOffset, int n);

    /** Decodes the row at {@code b[base…]}. */
    abstract void decode(byte[] b, int base, float[] dst, int dstOffset, int n);

    @Override
    public final float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
        int length = rowBytes(n);
        byte[] b = scratch.bytes(length);
        row.get(offset, b, 0, length);
        return dot(b, 0, x, xOffset, n);
    }

    @Override
    public final void dotRows(ByteBuffer buffer, int offset, int rowBytes, int rows, float[] x, int xOffset, int n,
                              float[] out, int outOffset, Scratch scratch) {
        dotRun(copyRows(buffer, offset, rowBytes, rows, scratch), rowBytes, rows, x, xOffset, n, out, outOffset,
                scratch);
    }

    /**
     * The dot products of the {@code rows} rows copied to {@code b} ({@code rowBytes} each) with x. Kernels override
     * this to compute several rows at once: each x vector loaded serves every row, and the rows' accumulators are
     * independent chains of multiply-adds, so the core overlaps them instead of waiting on one chain's latency. Or
     * to prepare something from x once for the run: {@code scratch}'s float array is free for that.
     */
    void dotRun(byte[] b, int rowBytes, int rows, float[] x, int xOffset, int n, float[] out, int outOffset,
                Scratch scratch) {
        for (int r = 0; r < rows; r++) {
            out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n);
        }
    }

    @Override
    public final void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
        int length = rowBytes(n);
        byte[] b = scratch.bytes(length);
        row.get(offset, b, 0, length);
        decode(b, 0, dst, dstOffset, n);
    }
}
