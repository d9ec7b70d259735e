package dev.llmx.tensor.kernel;

import dev.llmx.tensor.Dequantizer;

import java.nio.ByteBuffer;

/**
 * The generic path, correct for every type llmx can decode: decode the row with its {@link Dequantizer}, then a
 * float dot product. Types without a fused kernel (Q5_K, IQ4_NL, …) run through it.
 */
final class DequantizingKernel implements RowKernel {
    private final Dequantizer dequantizer;
    private final FloatOps floats;

    DequantizingKernel(Dequantizer dequantizer, FloatOps floats) {
        this.dequantizer = dequantizer;
        this.floats = floats;
    }

    @Override
    public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
        float[] values = scratch.floats(n);
        dequantizer.dequantize(row, offset, values, 0, n);
        return floats.dot(values, 0, x, xOffset, n);
    }

    @Override
    public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
        dequantizer.dequantize(row, offset, dst, dstOffset, n);
    }
}
