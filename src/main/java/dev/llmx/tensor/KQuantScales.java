package dev.llmx.tensor;

import java.nio.ByteBuffer;

/**
 * The packed 6-bit scales and minimums of Q4_K and Q5_K super-blocks, shared by the decoders here, the scalar
 * kernels (the mapped file) and the quantizers (an array being written).
 *
 * <p>The 12 bytes hold eight (scale, min) pairs: sub-blocks 0–3 use the low 6 bits of bytes j and j + 4;
 * sub-blocks 4–7 take 4 bits from byte j + 4 and their top 2 bits from the spare bits of the first eight bytes.
 */
public final class KQuantScales {
    private KQuantScales() {
    }

    /** Sub-block {@code j}'s (0–7) scale and min from the 12 bytes at {@code at}, as {@code scale | min << 8}. */
    public static int scaleMin(ByteBuffer src, int at, int j) {
        if (j < 4) {
            return (src.get(at + j) & 63) | ((src.get(at + j + 4) & 63) << 8);
        }
        int packed = src.get(at + j + 4) & 0xFF;
        int scale = (packed & 0x0F) | (((src.get(at + j - 4) & 0xFF) >>> 6) << 4);
        int min = (packed >>> 4) | (((src.get(at + j) & 0xFF) >>> 6) << 4);
        return scale | (min << 8);
    }

    /** The same, from an array (a block being quantized). */
    public static int scaleMin(byte[] src, int at, int j) {
        if (j < 4) {
            return (src[at + j] & 63) | ((src[at + j + 4] & 63) << 8);
        }
        int packed = src[at + j + 4] & 0xFF;
        int scale = (packed & 0x0F) | (((src[at + j - 4] & 0xFF) >>> 6) << 4);
        int min = (packed >>> 4) | (((src[at + j] & 0xFF) >>> 6) << 4);
        return scale | (min << 8);
    }
}
