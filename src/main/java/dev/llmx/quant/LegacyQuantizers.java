package dev.llmx.quant;

import static dev.llmx.quant.FloatEncoding.f16Bits;
import static dev.llmx.quant.LittleEndian.putInt;
import static dev.llmx.quant.LittleEndian.putShort;

/**
 * Blocks of 32 values with one scale, after ggml's {@code quantize_row_q*_ref}. The "_0" types are symmetric: the
 * value of largest magnitude maps to the most negative code, so its sign is kept exactly. The "_1" types store the
 * minimum too and spread the codes from min to max. Byte {@code j} holds value {@code j} in its low nibble and value
 * {@code j + 16} in its high nibble; Q5 types keep each value's fifth bit in a 32-bit word.
 */
final class LegacyQuantizers {
    private LegacyQuantizers() {
    }

    static final Quantizer Q4_0 = (src, so, dst, dO, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int x = so + b * 32;
            int block = dO + b * 18;
            float max = signedMaxMagnitude(src, x);
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            putShort(dst, block, f16Bits(d));
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (int) (src[x + j] * id + 8.5f));
                int q1 = Math.min(15, (int) (src[x + 16 + j] * id + 8.5f));
                dst[block + 2 + j] = (byte) (q0 | q1 << 4);
            }
        }
    };

    static final Quantizer Q4_1 = (src, so, dst, dO, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int x = so + b * 32;
            int block = dO + b * 20;
            float min = minimum(src, x);
            float max = maximum(src, x);
            float d = (max - min) / 15;
            float id = d != 0 ? 1.0f / d : 0.0f;
            putShort(dst, block, f16Bits(d));
            putShort(dst, block + 2, f16Bits(min));
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (int) ((src[x + j] - min) * id + 0.5f));
                int q1 = Math.min(15, (int) ((src[x + 16 + j] - min) * id + 0.5f));
                dst[block + 4 + j] = (byte) (q0 | q1 << 4);
            }
        }
    };

    static final Quantizer Q5_0 = (src, so, dst, dO, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int x = so + b * 32;
            int block = dO + b * 22;
            float max = signedMaxMagnitude(src, x);
            float d = max / -16;
            float id = d != 0 ? 1.0f / d : 0.0f;
            putShort(dst, block, f16Bits(d));
            int qh = 0;
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(31, (int) (src[x + j] * id + 16.5f));
                int q1 = Math.min(31, (int) (src[x + 16 + j] * id + 16.5f));
                dst[block + 6 + j] = (byte) ((q0 & 0x0F) | (q1 & 0x0F) << 4);
                qh |= (q0 >>> 4 & 1) << j;
                qh |= (q1 >>> 4 & 1) << (j + 16);
            }
            putInt(dst, block + 2, qh);
        }
    };

    static final Quantizer Q5_1 = (src, so, dst, dO, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int x = so + b * 32;
            int block = dO + b * 24;
            float min = minimum(src, x);
            float max = maximum(src, x);
            float d = (max - min) / 31;
            float id = d != 0 ? 1.0f / d : 0.0f;
            putShort(dst, block, f16Bits(d));
            putShort(dst, block + 2, f16Bits(min));
            int qh = 0;
            for (int j = 0; j < 16; j++) {
                int q0 = (int) ((src[x + j] - min) * id + 0.5f) & 0xFF;
                int q1 = (int) ((src[x + 16 + j] - min) * id + 0.5f) & 0xFF;
                dst[block + 8 + j] = (byte) ((q0 & 0x0F) | (q1 & 0x0F) << 4);
                qh |= (q0 >>> 4 & 1) << j;
                qh |= (q1 >>> 4 & 1) << (j + 16);
            }
            putInt(dst, block + 4, qh);
        }
    };

    static final Quantizer Q8_0 = (src, so, dst, dO, count) -> {
        for (int b = 0; b < count / 32; b++) {
            int x = so + b * 32;
            int block = dO + b * 34;
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                float a = Math.abs(src[x + j]);
                amax = amax > a ? amax : a;
            }
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            putShort(dst, block, f16Bits(d));
            for (int j = 0; j < 32; j++) {
                dst[block + 2 + j] = (byte) roundHalfAwayFromZero(src[x + j] * id);
            }
        }
    };

    /** The value of largest magnitude in the 32 values at {@code x}, with its sign; the first one wins a tie. */
    private static float signedMaxMagnitude(float[] src, int x) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 32; j++) {
            float v = src[x + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        return max;
    }

    /** The smallest of the 32 values at {@code x}, compared as ggml does (a −0 after a 0 does not replace it). */
    private static float minimum(float[] src, int x) {
        float min = Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            if (src[x + j] < min) {
                min = src[x + j];
            }
        }
        return min;
    }

    private static float maximum(float[] src, int x) {
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            if (src[x + j] > max) {
                max = src[x + j];
            }
        }
        return max;
    }

    /** C's {@code roundf}: halves go away from zero (Java's Math.round sends −2.5 to −2, Math.rint to even). */
    static int roundHalfAwayFromZero(float v) {
        float a = Math.abs(v);
        float r = (float) Math.rint(a);
        if (r - a == -0.5f) {
            r += 1; // a tie that rint sent down to even
        }
        return (int) Math.copySign(r, v);
    }
}
