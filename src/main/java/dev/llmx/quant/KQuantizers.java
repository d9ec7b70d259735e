package dev.llmx.quant;

import dev.llmx.tensor.HalfFloat;

import java.util.Arrays;

import static dev.llmx.quant.FloatEncoding.f16Bits;
import static dev.llmx.quant.LittleEndian.getShort;
import static dev.llmx.quant.LittleEndian.putShort;
import static dev.llmx.quant.ScaleSearch.GROUP_MAX_EPS;
import static dev.llmx.quant.ScaleSearch.clamp;
import static dev.llmx.quant.ScaleSearch.nearestInt;

/**
 * The k-quants, after ggml's {@code quantize_row_q*_K_ref}: a super-block of 256 values is cut into sub-blocks of
 * 16 or 32; each sub-block gets its best scale (and minimum) from {@link ScaleSearch}; those per-sub-block floats are
 * themselves quantized to 4, 6 or 8 bits against one F16 super-block scale; finally every value is re-coded against
 * the scale it will really be decoded with. Byte layouts are those of {@link dev.llmx.tensor.Dequantizers}.
 */
final class KQuantizers {
    private static final int QK_K = 256;

    private KQuantizers() {
    }

    /** Decodes the F16 just written at {@code at}: later steps must use the rounded scale, as the decoder will. */
    private static float storedF16(byte[] dst, int at) {
        return HalfFloat.f16ToFloat(getShort(dst, at));
    }

    /** Q2_K, 84 bytes: scales[16] (low nibble scale, high nibble min), qs[64], d, dmin. */
    static final Quantizer Q2_K = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[QK_K];
        float[] weights = new float[16];
        float[] scales = new float[16];
        float[] mins = new float[16];
        for (int b = 0; b < count / QK_K; b++) {
            int x = so + b * QK_K;
            int block = dO + b * 84;
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 16; j++) {
                for (int l = 0; l < 16; l++) {
                    weights[l] = Math.abs(src[x + 16 * j + l]);
                }
                scales[j] = ScaleSearch.asymmetric(16, 3, src, x + 16 * j, weights, codes, 16 * j, mins, j,
                        -0.5f, 0.1f, 15, true);
                if (scales[j] > maxScale) {
                    maxScale = scales[j];
                }
                if (mins[j] > maxMin) {
                    maxMin = mins[j];
                }
            }
            if (maxScale > 0) {
                float iscale = 15.f / maxScale;
                for (int j = 0; j < 16; j++) {
                    dst[block + j] = (byte) nearestInt(iscale * scales[j]);
                }
                putShort(dst, block + 80, f16Bits(maxScale / 15.f));
            } else {
                Arrays.fill(dst, block, block + 16, (byte) 0);
                putShort(dst, block + 80, f16Bits(0.f));
            }
            if (maxMin > 0) {
                float iscale = 15.f / maxMin;
                for (int j = 0; j < 16; j++) {
                    dst[block + j] = (byte) (dst[block + j] | nearestInt(iscale * mins[j]) << 4);
                }
                putShort(dst, block + 82, f16Bits(maxMin / 15.f));
            } else {
                putShort(dst, block + 82, f16Bits(0.f));
            }
            float dAll = storedF16(dst, block + 80);
            float minAll = storedF16(dst, block + 82);
            for (int j = 0; j < 16; j++) {
                int sc = dst[block + j] & 0xFF;
                float d = dAll * (sc & 0xF);
                if (d == 0) {
                    continue;
                }
                float dm = minAll * (sc >>> 4);
                for (int i = 0; i < 16; i++) {
                    codes[16 * j + i] = (byte) clamp(nearestInt((src[x + 16 * j + i] + dm) / d), 0, 3);
                }
            }
            packTwoBitCodes(codes, dst, block + 16);
        }
    };

    /** Four 2-bit codes per byte: byte l of each 32-byte group holds codes l, l+32, l+64, l+96 of its 128 values. */
    private static void packTwoBitCodes(byte[] codes, byte[] dst, int at) {
        for (int j = 0; j < QK_K; j += 128) {
            for (int l = 0; l < 32; l++) {
                dst[at + j / 4 + l] = (byte) (codes[j + l] | codes[j + l + 32] << 2 | codes[j + l + 64] << 4
                        | codes[j + l + 96] << 6);
            }
        }
    }

    /** Q3_K, 110 bytes: hmask[32], qs[64], scales[12] (sixteen 6-bit scales biased by 32), d. */
    static final Quantizer Q3_K = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[QK_K];
        float[] scales = new float[16];
        for (int b = 0; b < count / QK_K; b++) {
            int x = so + b * QK_K;
            int block = dO + b * 110;
            int scaleBytes = block + 96;
            float maxScale = 0;
            float amax = 0;
            for (int j = 0; j < 16; j++) {
                scales[j] = ScaleSearch.symmetricRefined(16, 4, src, x + 16 * j, codes, 16 * j);
                float scale = Math.abs(scales[j]);
                if (scale > amax) {
                    amax = scale;
                    maxScale = scales[j];
                }
            }
            Arrays.fill(dst, block, block + 110, (byte) 0);
            if (maxScale != 0) {
                float iscale = -32.f / maxScale;
                for (int j = 0; j < 16; j++) {
                    int l = clamp((byte) nearestInt(iscale * scales[j]), -32, 31) + 32;
                    if (j < 8) {
                        dst[scaleBytes + j] = (byte) (l & 0xF);
                    } else {
                        dst[scaleBytes + j - 8] |= (byte) ((l & 0xF) << 4);
                    }
                    dst[scaleBytes + 8 + j % 4] |= (byte) ((l >> 4) << (2 * (j / 4)));
                }
                putShort(dst, block + 108, f16Bits(1 / iscale));
            } else {
                putShort(dst, block + 108, f16Bits(0.f));
            }
            float dAll = storedF16(dst, block + 108);
            for (int j = 0; j < 16; j++) {
                int low = j < 8 ? dst[scaleBytes + j] & 0xF : (dst[scaleBytes + j - 8] & 0xFF) >>> 4;
                int high = ((dst[scaleBytes + 8 + j % 4] & 0xFF) >>> (2 * (j / 4))) & 3;
                float d = dAll * ((low | high << 4) - 32);
                if (d == 0) {
                    continue;
                }
                for (int i = 0; i < 16; i++) {
                    codes[16 * j + i] = (byte) (clamp(nearestInt(src[x + 16 * j + i] / d), -4, 3) + 4);
                }
            }
            // The third bit of each code goes to hmask, inverted: bit k of hmask[m] belongs to value 32k + m.
            int m = 0;
            int hm = 1;
            for (int j = 0; j < QK_K; j++) {
                if (codes[j] > 3) {
                    dst[block + m] |= (byte) hm;
                    codes[j] -= 4;
                }
                if (++m == QK_K / 8) {
                    m = 0;
                    hm <<= 1;
                }
            }
            packTwoBitCodes(codes, dst, block + 32);
        }
    };

    /** Q4_K, 144 bytes: d, dmin, scales[12] (eight 6-bit scale/min pairs), qs[128]. */
    static final Quantizer Q4_K = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[QK_K];
        for (int b = 0; b < count / QK_K; b++) {
            int block = dO + b * 144;
            int x = so + b * QK_K;
            scaleMinSuperBlock(src, x, 15, -1.f, 0.1f, 20, codes, dst, block);
            for (int j = 0; j < QK_K; j += 64) {
                for (int l = 0; l < 32; l++) {
                    dst[block + 16 + j / 2 + l] = (byte) (codes[j + l] | codes[j + l + 32] << 4);
                }
            }
        }
    };

    /** Q5_K, 176 bytes: as Q4_K plus qh[32] (fifth bits) between the scales and the quants. */
    static final Quantizer Q5_K = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[QK_K];
        for (int b = 0; b < count / QK_K; b++) {
            int block = dO + b * 176;
            int x = so + b * QK_K;
            scaleMinSuperBlock(src, x, 31, -0.5f, 0.1f, 15, codes, dst, block);
            int qh = block + 16;
            int ql = block + 48;
            Arrays.fill(dst, qh, qh + 32, (byte) 0);
            int m1 = 1;
            int m2 = 2;
            for (int n = 0; n < QK_K; n += 64) {
                for (int j = 0; j < 32; j++) {
                    int l1 = codes[n + j];
                    if (l1 > 15) {
                        l1 -= 16;
                        dst[qh + j] |= (byte) m1;
                    }
                    int l2 = codes[n + j + 32];
                    if (l2 > 15) {
                        l2 -= 16;
                        dst[qh + j] |= (byte) m2;
                    }
                    dst[ql + j] = (byte) (l1 | l2 << 4);
                }
                m1 <<= 2;
                m2 <<= 2;
                ql += 32;
            }
        }
    };

    /**
     * The part Q4_K and Q5_K share: eight 32-value sub-blocks each fitted with a scale and a minimum (weights
     * rms + |x|), both quantized to 6 bits against the F16 {@code d} and {@code dmin} at {@code block} and packed into
     * the 12 scale bytes at {@code block + 4}; then every value re-coded in [0, nmax] against the stored scales.
     */
    private static void scaleMinSuperBlock(float[] src, int x, int nmax, float rmin, float rdelta, int nstep,
                                           byte[] codes, byte[] dst, int block) {
        float[] weights = new float[32];
        float[] scales = new float[8];
        float[] mins = new float[8];
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) {
                sumX2 += src[x + 32 * j + l] * src[x + 32 * j + l];
            }
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) {
                weights[l] = avX + Math.abs(src[x + 32 * j + l]);
            }
            scales[j] = ScaleSearch.asymmetric(32, nmax, src, x + 32 * j, weights, codes, 32 * j, mins, j,
                    rmin, rdelta, nstep, false);
            if (scales[j] > maxScale) {
                maxScale = scales[j];
            }
            if (mins[j] > maxMin) {
                maxMin = mins[j];
            }
        }
        float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
        float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
        int sc = block + 4;
        for (int j = 0; j < 8; j++) {
            // ggml stores the rounded value in a uint8_t before clamping, so a negative result wraps to ≥ 63.
            int ls = Math.min(63, nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, nearestInt(invMin * mins[j]) & 0xFF);
            if (j < 4) {
                dst[sc + j] = (byte) ls;
                dst[sc + j + 4] = (byte) lm;
            } else {
                dst[sc + j + 4] = (byte) ((ls & 0xF) | (lm & 0xF) << 4);
                dst[sc + j - 4] |= (byte) ((ls >> 4) << 6);
                dst[sc + j] |= (byte) ((lm >> 4) << 6);
            }
        }
        putShort(dst, block, f16Bits(maxScale / 63.f));
        putShort(dst, block + 2, f16Bits(maxMin / 63.f));
        float dAll = storedF16(dst, block);
        float minAll = storedF16(dst, block + 2);
        for (int j = 0; j < 8; j++) {
            int packed = scaleMin(dst, sc, j);
            float d = dAll * (packed & 0xFF);
            if (d == 0) {
                continue;
            }
            float dm = minAll * (packed >>> 8);
            for (int i = 0; i < 32; i++) {
                codes[32 * j + i] = (byte) clamp(nearestInt((src[x + 32 * j + i] + dm) / d), 0, nmax);
            }
        }
    }

    /** Sub-block {@code j}'s 6-bit scale and min from the 12 bytes at {@code at}: {@code scale | min << 8}. */
    private static int scaleMin(byte[] q, int at, int j) {
        if (j < 4) {
            return (q[at + j] & 63) | (q[at + j + 4] & 63) << 8;
        }
        int packed = q[at + j + 4] & 0xFF;
        int scale = (packed & 0xF) | ((q[at + j - 4] & 0xFF) >>> 6) << 4;
        int min = (packed >>> 4) | ((q[at + j] & 0xFF) >>> 6) << 4;
        return scale | min << 8;
    }

    /** Q6_K, 210 bytes: ql[128] (low 4 bits), qh[64] (high 2 bits), scales[16] (int8), d. */
    static final Quantizer Q6_K = (src, so, dst, dO, count) -> {
        byte[] codes = new byte[QK_K];
        float[] scales = new float[16];
        for (int b = 0; b < count / QK_K; b++) {
            int x = so + b * QK_K;
            int block = dO + b * 210;
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int ib = 0; ib < 16; ib++) {
                float scale = ScaleSearch.symmetricWeighted(16, 32, src, x + 16 * ib, codes, 16 * ib);
                scales[ib] = scale;
                float abs = Math.abs(scale);
                if (abs > maxAbsScale) {
                    maxAbsScale = abs;
                    maxScale = scale;
                }
            }
            if (maxAbsScale < GROUP_MAX_EPS) {
                Arrays.fill(dst, block, block + 210, (byte) 0);
                continue;
            }
            float iscale = -128.f / maxScale;
            putShort(dst, block + 208, f16Bits(1 / iscale));
            for (int ib = 0; ib < 16; ib++) {
                dst[block + 192 + ib] = (byte) Math.min(127, nearestInt(iscale * scales[ib]));
            }
            float dAll = storedF16(dst, block + 208);
            for (int j = 0; j < 16; j++) {
                float d = dAll * dst[block + 192 + j];
                if (d == 0) {
                    continue;
                }
                for (int i = 0; i < 16; i++) {
                    codes[16 * j + i] = (byte) (clamp(nearestInt(src[x + 16 * j + i] / d), -32, 31) + 32);
                }
            }
            int ql = block;
            int qh = block + 128;
            for (int j = 0; j < QK_K; j += 128) {
                for (int l = 0; l < 32; l++) {
                    int c1 = codes[j + l];
                    int c2 = codes[j + l + 32];
                    int c3 = codes[j + l + 64];
                    int c4 = codes[j + l + 96];
                    dst[ql + l] = (byte) ((c1 & 0xF) | (c3 & 0xF) << 4);
                    dst[ql + l + 32] = (byte) ((c2 & 0xF) | (c4 & 0xF) << 4);
                    dst[qh + l] = (byte) (c1 >> 4 | (c2 >> 4) << 2 | (c3 >> 4) << 4 | (c4 >> 4) << 6);
                }
                ql += 64;
                qh += 32;
            }
        }
    };
}
