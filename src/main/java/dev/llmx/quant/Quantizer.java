package dev.llmx.quant;

/**
 * Encodes float values as the blocks of one {@link dev.llmx.tensor.GgmlType}: the inverse of a
 * {@link dev.llmx.tensor.Dequantizer}. Implementations keep no state between calls, so one instance serves every
 * thread.
 */
@FunctionalInterface
public interface Quantizer {
    /**
     * Encodes {@code count} values from {@code src[srcOffset…]} into {@code dst[dstOffset…]} (little-endian blocks).
     *
     * @param count a multiple of the type's block size
     */
    void quantize(float[] src, int srcOffset, byte[] dst, int dstOffset, int count);
}
