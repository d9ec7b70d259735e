package dev.llmx.tensor.kernel;

import java.nio.ByteBuffer;

/**
 * The work a weight matrix of one {@link dev.llmx.tensor.GgmlType} does, row by row, where its bytes lie (normally a
 * memory-mapped file): a row times a vector (matrix × vector, one token at a time), and a row decoded to floats
 * (matrix × matrix decodes a row once and multiplies it with every token of the batch).
 *
 * <p>Implementations are stateless and shared by threads; what a thread needs for itself comes in {@link Scratch}.
 */
public interface RowKernel {
    /**
     * Σ w[i]·x[xOffset + i] over the {@code n} values of the row whose blocks start at byte {@code offset} of
     * {@code row} (little-endian, read with absolute indexing only).
     */
    float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch);

    /**
     * {@link #dot} for {@code rows} consecutive rows of {@code rowBytes} bytes each, starting at byte
     * {@code offset}: {@code out[outOffset + r]} is row r's dot product with x. Kernels prepare once per run what
     * all its rows share (a view of the mapped rows, sums of x): a row of a small model is a few hundred bytes, and
     * per-row preparation would cost as much as the arithmetic.
     */
    default void dotRows(ByteBuffer buffer, int offset, int rowBytes, int rows, float[] x, int xOffset, int n,
                         float[] out, int outOffset, Scratch scratch) {
        for (int r = 0; r < rows; r++) {
            out[outOffset + r] = dot(buffer, offset + r * rowBytes, x, xOffset, n, scratch);
        }
    }

    /** Decodes the row's {@code n} values into {@code dst[dstOffset…]}. */
    void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch);
}
