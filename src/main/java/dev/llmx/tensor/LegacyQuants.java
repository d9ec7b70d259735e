package dev.llmx.tensor;

import static dev.llmx.tensor.PlainDequantizers.f16;

/**
 * The first ggml quantizations: blocks of 32 values with one F16 scale {@code d} (and for the "_1" types an
 * F16 offset {@code m}). Byte {@code j} of the quants holds value {@code j} in its low nibble and value
 * {@code j + 16} in its high nibble; Q5 types keep the fifth bit of each value in a 32-bit word {@code qh}.
 *
 * <p>The arithmetic follows ggml's reference decoder operation for operation (int to float, then one multiply,
 * then one add), so results are bit-identical to {@code dequantize_row_*}.
 */
final class LegacyQuants {
    private LegacyQuants() {
    }

    /** {@code d, qs[16]}: value = (nibble − 8) × d. */
    static final Dequantizer Q4_0 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 18;
            int out = dstOffset + b * 32;
            float d = f16(src, block);
            for (int j = 0; j < 16; j++) {
                int q = src.get(block + 2 + j) & 0xFF;
                dst[out + j] = ((q & 0x0F) - 8) * d;
                dst[out + j + 16] = ((q >>> 4) - 8) * d;
            }
        }
    };

    /** {@code d, m, qs[16]}: value = nibble × d + m. */
    static final Dequantizer Q4_1 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 20;
            int out = dstOffset + b * 32;
            float d = f16(src, block);
            float m = f16(src, block + 2);
            for (int j = 0; j < 16; j++) {
                int q = src.get(block + 4 + j) & 0xFF;
                dst[out + j] = (q & 0x0F) * d + m;
                dst[out + j + 16] = (q >>> 4) * d + m;
            }
        }
    };

    /** {@code d, qh (u32), qs[16]}: value = (nibble | fifth bit « 4 − 16) × d. */
    static final Dequantizer Q5_0 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 22;
            int out = dstOffset + b * 32;
            float d = f16(src, block);
            int qh = src.getInt(block + 2);
            for (int j = 0; j < 16; j++) {
                int q = src.get(block + 6 + j) & 0xFF;
                int high0 = ((qh >>> j) << 4) & 0x10;
                int high1 = (qh >>> (j + 12)) & 0x10;
                dst[out + j] = (((q & 0x0F) | high0) - 16) * d;
                dst[out + j + 16] = (((q >>> 4) | high1) - 16) * d;
            }
        }
    };

    /** {@code d, m, qh (u32), qs[16]}: value = (nibble | fifth bit « 4) × d + m. */
    static final Dequantizer Q5_1 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 24;
            int out = dstOffset + b * 32;
            float d = f16(src, block);
            float m = f16(src, block + 2);
            int qh = src.getInt(block + 4);
            for (int j = 0; j < 16; j++) {
                int q = src.get(block + 8 + j) & 0xFF;
                int high0 = ((qh >>> j) << 4) & 0x10;
                int high1 = (qh >>> (j + 12)) & 0x10;
                dst[out + j] = ((q & 0x0F) | high0) * d + m;
                dst[out + j + 16] = ((q >>> 4) | high1) * d + m;
            }
        }
    };

    /** {@code d, qs[32] (int8)}: value = q × d. */
    static final Dequantizer Q8_0 = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int block = offset + b * 34;
            int out = dstOffset + b * 32;
            float d = f16(src, block);
            for (int j = 0; j < 32; j++) {
                dst[out + j] = src.get(block + 2 + j) * d;
            }
        }
    };
}
