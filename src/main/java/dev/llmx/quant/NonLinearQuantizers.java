package dev.llmx.quant;

import java.util.Arrays;

import static dev.llmx.quant.FloatEncoding.f16Bits;
import static dev.llmx.quant.LittleEndian.putShort;
import static dev.llmx.quant.ScaleSearch.GROUP_MAX_EPS;
import static dev.llmx.quant.ScaleSearch.clamp;
import static dev.llmx.quant.ScaleSearch.nearestInt;

/**
 * IQ4_NL and IQ4_XS, after ggml's {@code quantize_row_iq4_nl_impl}, and MXFP4 (below): each 4-bit code picks one of sixteen fixed,
 * unevenly spaced levels (denser near zero, where most weights are), and each 32-value block searches for the scale
 * that fits its values to those levels best (weighted by x²). IQ4_XS then stores the eight block scales as 6-bit
 * integers under one F16 scale, IQ4_NL keeps one F16 per block.
 */
final class NonLinearQuantizers {
    /** ggml's {@code kvalues_iq4nl}, sorted. */
    private static final byte[] LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** THRESHOLDS[j] = level[j − 1] + level[j]: 2x at or above it picks level j or a higher one. */
    private static final float[] THRESHOLDS = new float[16];

    static {
        for (int j = 1; j < 16; j++) {
            THRESHOLDS[j] = LEVELS[j - 1] + LEVELS[j];
        }
    }

    /** How many scales either side of the first guess the search tries (ggml's {@code ntry}). */
    private static final int SEARCH_STEPS = 7;

    private NonLinearQuantizers() {
    }

    /** IQ4_NL, 18 bytes: d, qs[16]. */
    static final Quantizer IQ4_NL = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[32];
        float[] scales = new float[1];
        for (int b = 0; b < count / 32; b++) {
            int block = dO + b * 18;
            quantizeSuperBlock(src, so + b * 32, 32, scales, codes);
            putShort(dst, block, f16Bits(scales[0]));
            float id = scales[0] != 0 ? 1 / scales[0] : 0;
            for (int j = 0; j < 32; j++) {
                codes[j] = (byte) bestLevel(id * src[so + b * 32 + j]);
            }
            packNibbles(codes, 32, dst, block + 2);
        }
    };

    /** IQ4_XS, 136 bytes: d, scales_h (u16, top 2 bits of eight 6-bit scales), scales_l[4], qs[128]. */
    static final Quantizer IQ4_XS = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[256];
        float[] scales = new float[8];
        for (int b = 0; b < count / 256; b++) {
            int x = so + b * 256;
            int block = dO + b * 136;
            float maxScale = quantizeSuperBlock(src, x, 256, scales, codes);
            float d = -maxScale / 32;
            putShort(dst, block, f16Bits(d));
            float id = d != 0 ? 1 / d : 0.f;
            int scalesHigh = 0;
            Arrays.fill(dst, block + 4, block + 8, (byte) 0);
            for (int ib = 0; ib < 8; ib++) {
                int l = clamp(nearestInt(id * scales[ib]), -32, 31);
                float dl = d * l;
                float idl = dl != 0 ? 1 / dl : 0.f;
                for (int j = 0; j < 32; j++) {
                    codes[32 * ib + j] = (byte) bestLevel(idl * src[x + 32 * ib + j]);
                }
                l += 32;
                dst[block + 4 + ib / 2] |= (byte) ((l & 0xF) << (4 * (ib % 2)));
                scalesHigh |= (l >> 4) << (2 * ib);
            }
            putShort(dst, block + 2, scalesHigh);
            packNibbles(codes, 256, dst, block + 8);
        }
    };

    /**
     * Fits a scale to each 32-value block of the {@code n} values at {@code x} (into {@code scales}), leaving the
     * codes of the best fit in {@code codes}; returns the scale of largest magnitude, with its sign.
     */
    private static float quantizeSuperBlock(float[] src, int x, int n, float[] scales, byte[] codes) {
        float maxScale = 0;
        float amaxScale = 0;
        for (int ib = 0; ib < n / 32; ib++) {
            int xb = x + 32 * ib;
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                float ax = Math.abs(src[xb + j]);
                if (ax > amax) {
                    amax = ax;
                    max = src[xb + j];
                }
            }
            if (amax < GROUP_MAX_EPS) {
                scales[ib] = 0;
                Arrays.fill(codes, 32 * ib, 32 * ib + 32, (byte) 0);
                continue;
            }
            float d = -max / LEVELS[0];
            float id = 1 / d;
            float sumqx = 0;
            float sumq2 = 0;
            for (int j = 0; j < 32; j++) {
                float v = src[xb + j];
                int l = bestLevel(id * v);
                codes[32 * ib + j] = (byte) l;
                float q = LEVELS[l];
                float w = v * v;
                sumqx += w * q * v;
                sumq2 += w * q * q;
            }
            d = sumq2 > 0 ? sumqx / sumq2 : 0.f;
            float best = d * sumqx;
            for (int step = -SEARCH_STEPS; step <= SEARCH_STEPS; step++) {
                id = (step + LEVELS[0]) / max;
                sumqx = 0;
                sumq2 = 0;
                for (int j = 0; j < 32; j++) {
                    float v = src[xb + j];
                    float q = LEVELS[bestLevel(id * v)];
                    float w = v * v;
                    sumqx += w * q * v;
                    sumq2 += w * q * q;
                }
                if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                    d = sumqx / sumq2;
                    best = d * sumqx;
                }
            }
            scales[ib] = d;
            float absD = Math.abs(d);
            if (absD > amaxScale) {
                amaxScale = absD;
                maxScale = d;
            }
        }
        return maxScale;
    }

    /**
     * The index of the level nearest to {@code x} (ties to the upper level), as ggml's {@code best_index_int8}:
     * level i is chosen once 2x reaches the sum of levels i−1 and i, compared exactly in doubled units.
     */
    static int bestLevel(float x) {
        float x2 = x + x;
        int idx = x2 >= THRESHOLDS[8] ? 8 : 0;
        idx = x2 >= THRESHOLDS[idx + 4] ? idx + 4 : idx;
        idx = x2 >= THRESHOLDS[idx + 2] ? idx + 2 : idx;
        return x2 >= THRESHOLDS[idx + 1] ? idx + 1 : idx;
    }

    /** Byte j of each 16-byte group: code j of its 32 values in the low nibble, code j + 16 in the high nibble. */
    /** ggml's {@code kvalues_mxfp4}: the E2M1 values doubled, so that the E8M0 scale is halved to match. */
    private static final byte[] MXFP4_LEVELS = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

    /**
     * MXFP4, 17 bytes: e (E8M0), qs[16] (ggml's {@code quantize_row_mxfp4_ref}). The exponent puts the block's
     * largest magnitude in the top octave of the 4-bit levels (floor(log2 amax) − 2); each value then takes the
     * nearest level, the first on a tie. No scale search: the format fixes the scale to a power of two.
     */
    static final Quantizer MXFP4 = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[32];
        for (int b = 0; b < count / 32; b++) {
            int x = so + b * 32;
            int block = dO + b * 17;
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(src[x + j]));
            }
            // log2f rounded to float, then floored, as ggml computes it (an exact power of two below 1 ulp counts)
            int e = amax > 0 ? ((int) (Math.floor((float) (Math.log(amax) / Math.log(2))) - 2 + 127)) & 0xFF : 0;
            float d = Math.scalb(1f, e - 128);
            dst[block] = (byte) e;
            for (int j = 0; j < 32; j++) {
                float v = src[x + j];
                int best = 0;
                float bestError = Math.abs(MXFP4_LEVELS[0] * d - v);
                for (int i = 1; i < 16; i++) {
                    float error = Math.abs(MXFP4_LEVELS[i] * d - v);
                    if (error < bestError) {
                        best = i;
                        bestError = error;
                    }
                }
                codes[j] = (byte) best;
            }
            packNibbles(codes, 32, dst, block + 1);
        }
    };

    private static void packNibbles(byte[] codes, int n, byte[] dst, int at) {
        for (int i = 0; i < n / 32; i++) {
            for (int j = 0; j < 16; j++) {
                dst[at + 16 * i + j] = (byte) (codes[32 * i + j] | codes[32 * i + 16 + j] << 4);
            }
        }
    }
}
