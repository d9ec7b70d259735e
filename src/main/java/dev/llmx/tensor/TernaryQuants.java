package dev.llmx.tensor;

import static dev.llmx.tensor.PlainDequantizers.f16;

/**
 * Ternary types for BitNet-style weights in {−1, 0, +1} × d, 256 values per block. TQ2_0 spends 2 bits per value;
 * TQ1_0 packs five trits per byte as a base-3 fraction of 256, so trit n of byte q is the top digit of
 * q·3ⁿ (mod 256) times 3, read as ⌊(q·3ⁿ mod 256)·3 / 256⌋.
 */
final class TernaryQuants {
    private static final int[] POW3 = {1, 3, 9, 27, 81, 243};

    private TernaryQuants() {
    }

    /**
     * TQ1_0, 54 bytes: {@code qs[48]} (5 trits per byte: bytes 0–31 give values in five runs of 32, bytes 32–47
     * five runs of 16), {@code qh[4]} (4 trits per byte, four runs of 4), {@code d}.
     */
    static final Dequantizer TQ1_0 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 54;
            int out = dstOffset + b * 256;
            float d = f16(src, block + 52);
            out = trits(src, block, 32, 5, d, dst, out);
            out = trits(src, block + 32, 16, 5, d, dst, out);
            trits(src, block + 48, 4, 4, d, dst, out);
        }
    };

    /** Decodes {@code digits} trits from each of {@code width} bytes, digit-major (all bytes' first trit first). */
    private static int trits(java.nio.ByteBuffer src, int at, int width, int digits, float d, float[] dst, int out) {
        for (int n = 0; n < digits; n++) {
            for (int m = 0; m < width; m++) {
                int q = ((src.get(at + m) & 0xFF) * POW3[n]) & 0xFF;
                int trit = (q * 3) >>> 8;
                dst[out++] = (float) (trit - 1) * d;
            }
        }
        return out;
    }

    /** TQ2_0, 66 bytes: {@code qs[64]} (2 bits per value: byte m of each 32-byte half holds values m + 32l), {@code d}. */
    static final Dequantizer TQ2_0 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 66;
            int out = dstOffset + b * 256;
            float d = f16(src, block + 64);
            for (int half = 0; half < 2; half++) {
                for (int l = 0; l < 4; l++) {
                    for (int m = 0; m < 32; m++) {
                        int q = ((src.get(block + half * 32 + m) & 0xFF) >>> (2 * l)) & 3;
                        dst[out++] = (float) (q - 1) * d;
                    }
                }
            }
        }
    };
}
