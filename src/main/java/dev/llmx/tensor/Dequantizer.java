package dev.llmx.tensor;

import java.nio.ByteBuffer;

/**
 * Decodes the blocks of one {@link GgmlType} into floats, reading them where they lie (normally a memory-mapped
 * file). One implementation per type; the engine's dot/matmul kernels follow the same shape — a per-type object
 * that reads blocks from a buffer at an offset — so adding a fast kernel for a type touches neither the readers
 * nor the tensor views.
 */
@FunctionalInterface
public interface Dequantizer {
    /**
     * Decodes {@code count} values starting at byte {@code offset} of {@code src} into {@code dst[dstOffset…]}.
     *
     * @param src    bytes in {@link java.nio.ByteOrder#LITTLE_ENDIAN} order (GGUF and safetensors are
     *               little-endian); read with absolute indexing, so its position is not touched and a view may be
     *               shared by threads
     * @param count  a multiple of the type's block size
     */
    void dequantize(ByteBuffer src, int offset, float[] dst, int dstOffset, int count);
}
