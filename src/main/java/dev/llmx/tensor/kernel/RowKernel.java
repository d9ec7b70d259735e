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

    /** Decodes the row's {@code n} values into {@code dst[dstOffset…]}. */
    void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch);
}
