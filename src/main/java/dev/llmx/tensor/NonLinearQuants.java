package dev.llmx.tensor;

import static dev.llmx.tensor.PlainDequantizers.f16;

/**
 * 4-bit types whose codes index a table of non-uniform levels instead of standing for evenly spaced values:
 * IQ4_NL and IQ4_XS (levels fitted to normally distributed weights) and MXFP4 (the OCP microscaling FP4 format:
 * E2M1 values with a shared power-of-two scale). Nibble layout as in Q4_0: byte j holds values j and j + 16.
 */
final class NonLinearQuants {
    /** ggml's IQ4 levels ({@code kvalues_iq4nl}). */
    private static final byte[] IQ4_LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** E2M1 values doubled so they are integers ({@code kvalues_mxfp4}); the scale is halved to match. */
    private static final byte[] MXFP4_LEVELS = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

    private NonLinearQuants() {
    }

    /** IQ4_NL, 18 bytes: {@code d, qs[16]}; value = d × level[nibble]. */
    static final Dequantizer IQ4_NL = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 18;
            int out = dstOffset + b * 32;
            float d = f16(src, block);
            for (int j = 0; j < 16; j++) {
                int q = src.get(block + 2 + j) & 0xFF;
                dst[out + j] = d * IQ4_LEVELS[q & 0x0F];
                dst[out + j + 16] = d * IQ4_LEVELS[q >>> 4];
            }
        }
    };

    /**
     * IQ4_XS, 136 bytes: {@code d}, {@code scales_h} (u16: top 2 bits of eight 6-bit scales), {@code scales_l[4]}
     * (their low nibbles), {@code qs[128]} (eight 32-value sub-blocks); value = d·(scale − 32)·level[nibble].
     */
    static final Dequantizer IQ4_XS = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 136;
            int out = dstOffset + b * 256;
            float d = f16(src, block);
            int scalesHigh = src.getShort(block + 2) & 0xFFFF;
            for (int sub = 0; sub < 8; sub++) {
                int low = ((src.get(block + 4 + sub / 2) & 0xFF) >>> (4 * (sub % 2))) & 0x0F;
                int scale = low | (((scalesHigh >>> (2 * sub)) & 3) << 4);
                float dl = d * (scale - 32);
                int qs = block + 8 + sub * 16;
                for (int j = 0; j < 16; j++) {
                    int q = src.get(qs + j) & 0xFF;
                    dst[out + j] = dl * IQ4_LEVELS[q & 0x0F];
                    dst[out + j + 16] = dl * IQ4_LEVELS[q >>> 4];
                }
                out += 32;
            }
        }
    };

    /** MXFP4, 17 bytes: {@code e} (E8M0 exponent), {@code qs[16]}; value = level[nibble] × 2^(e − 128). */
    static final Dequantizer MXFP4 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 17;
            int out = dstOffset + b * 32;
            float d = e8m0Half(src.get(block) & 0xFF);
            for (int j = 0; j < 16; j++) {
                int q = src.get(block + 1 + j) & 0xFF;
                dst[out + j] = MXFP4_LEVELS[q & 0x0F] * d;
                dst[out + j + 16] = MXFP4_LEVELS[q >>> 4] * d;
            }
        }
    };

    /** Half of the E8M0 scale 2^(e − 127), built from bits like ggml does (e = 0 and 1 give subnormals). */
    static float e8m0Half(int e) {
        int bits = e < 2 ? 0x00200000 << e : (e - 1) << 23;
        return Float.intBitsToFloat(bits);
    }
}
