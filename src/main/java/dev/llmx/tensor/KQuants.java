package dev.llmx.tensor;

import java.nio.ByteBuffer;

import static dev.llmx.tensor.PlainDequantizers.f16;

/**
 * The k-quants: super-blocks of 256 values split into sub-blocks of 16 or 32, each with its own small integer
 * scale (and for Q2_K, Q4_K, Q5_K a minimum) that a super-block F16 scale turns into floats. Value order inside a
 * super-block follows ggml's reference decoders exactly; comments give each block's byte layout.
 */
final class KQuants {
    private KQuants() {
    }

    /**
     * Q2_K, 84 bytes: {@code scales[16]} (low nibble scale, high nibble min), {@code qs[64]} (2-bit quants),
     * {@code d}, {@code dmin}. Value = d·scale·q − dmin·min.
     */
    static final Dequantizer Q2_K = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 84;
            int out = dstOffset + b * 256;
            float d = f16(src, block + 80);
            float min = f16(src, block + 82);
            int scale = 0;
            for (int half = 0; half < 2; half++) {
                int qs = block + 16 + half * 32;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int part = 0; part < 2; part++) {
                        int sc = src.get(block + scale++) & 0xFF;
                        float dl = d * (sc & 0x0F);
                        float ml = min * (sc >>> 4);
                        for (int l = 0; l < 16; l++) {
                            int q = ((src.get(qs + part * 16 + l) & 0xFF) >>> shift) & 3;
                            dst[out++] = dl * q - ml;
                        }
                    }
                }
            }
        }
    };

    /**
     * Q3_K, 110 bytes: {@code hmask[32]} (third bit, inverted), {@code qs[64]} (low 2 bits), {@code scales[12]}
     * (sixteen 6-bit scales, biased by 32), {@code d}. Value = d·(scale − 32)·(q − (high bit ? 0 : 4)).
     */
    static final Dequantizer Q3_K = (src, offset, dst, dstOffset, count) -> {
        int[] scales = new int[16];
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 110;
            int out = dstOffset + b * 256;
            float dAll = f16(src, block + 108);
            unpackQ3Scales(src, block + 96, scales);
            int scale = 0;
            int mask = 1;
            for (int half = 0; half < 2; half++) {
                int qs = block + 32 + half * 32;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int part = 0; part < 2; part++) {
                        float dl = dAll * (scales[scale++] - 32);
                        for (int l = 0; l < 16; l++) {
                            int i = part * 16 + l;
                            int low = ((src.get(qs + i) & 0xFF) >>> shift) & 3;
                            int high = (src.get(block + i) & mask) != 0 ? 0 : 4;
                            dst[out++] = dl * (low - high);
                        }
                    }
                    mask <<= 1;
                }
            }
        }
    };

    /** Scale {@code j} has its low 4 bits in byte {@code j % 8} (nibble {@code j / 8}) and its high 2 bits in byte 8 + j % 4. */
    private static void unpackQ3Scales(ByteBuffer src, int at, int[] scales) {
        for (int j = 0; j < 16; j++) {
            int lowByte = src.get(at + (j & 7)) & 0xFF;
            int low = j < 8 ? lowByte & 0x0F : lowByte >>> 4;
            int high = ((src.get(at + 8 + (j & 3)) & 0xFF) >>> (2 * (j / 4))) & 3;
            scales[j] = low | (high << 4);
        }
    }

    /** Sub-block {@code j}'s scale and min, {@code scale | min << 8} (see {@link KQuantScales}). */
    private static int scaleMin(ByteBuffer src, int at, int j) {
        return KQuantScales.scaleMin(src, at, j);
    }

    /**
     * Q4_K, 144 bytes: {@code d}, {@code dmin}, {@code scales[12]} (eight 6-bit scale/min pairs), {@code qs[128]}
     * (byte l of each 32-byte group: value l in the low nibble, value l + 32 in the high). Value = d·scale·q − dmin·min.
     */
    static final Dequantizer Q4_K = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 144;
            int out = dstOffset + b * 256;
            float d = f16(src, block);
            float min = f16(src, block + 2);
            for (int group = 0; group < 4; group++) {
                int sm1 = scaleMin(src, block + 4, 2 * group);
                int sm2 = scaleMin(src, block + 4, 2 * group + 1);
                float d1 = d * (sm1 & 0xFF);
                float m1 = min * (sm1 >>> 8);
                float d2 = d * (sm2 & 0xFF);
                float m2 = min * (sm2 >>> 8);
                int qs = block + 16 + group * 32;
                for (int l = 0; l < 32; l++) {
                    dst[out + l] = d1 * (src.get(qs + l) & 0x0F) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    dst[out + 32 + l] = d2 * ((src.get(qs + l) & 0xFF) >>> 4) - m2;
                }
                out += 64;
            }
        }
    };

    /**
     * Q5_K, 176 bytes: as Q4_K plus {@code qh[32]} between the scales and the quants: bit 2g of qh[l] is the fifth
     * bit of value l of group g's first half, bit 2g + 1 of its second half.
     */
    static final Dequantizer Q5_K = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 176;
            int out = dstOffset + b * 256;
            float d = f16(src, block);
            float min = f16(src, block + 2);
            int qh = block + 16;
            for (int group = 0; group < 4; group++) {
                int sm1 = scaleMin(src, block + 4, 2 * group);
                int sm2 = scaleMin(src, block + 4, 2 * group + 1);
                float d1 = d * (sm1 & 0xFF);
                float m1 = min * (sm1 >>> 8);
                float d2 = d * (sm2 & 0xFF);
                float m2 = min * (sm2 >>> 8);
                int ql = block + 48 + group * 32;
                int bit1 = 1 << (2 * group);
                int bit2 = bit1 << 1;
                for (int l = 0; l < 32; l++) {
                    int high = (src.get(qh + l) & bit1) != 0 ? 16 : 0;
                    dst[out + l] = d1 * ((src.get(ql + l) & 0x0F) + high) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    int high = (src.get(qh + l) & bit2) != 0 ? 16 : 0;
                    dst[out + 32 + l] = d2 * (((src.get(ql + l) & 0xFF) >>> 4) + high) - m2;
                }
                out += 64;
            }
        }
    };

    /**
     * Q6_K, 210 bytes: {@code ql[128]} (low 4 bits), {@code qh[64]} (high 2 bits), {@code scales[16]} (int8),
     * {@code d}. Each 128-value half interleaves four 32-value runs across ql and qh. Value = d·scale·(q − 32).
     */
    static final Dequantizer Q6_K = (src, offset, dst, dstOffset, count) -> {
        for (int b = 0; b < count / 256; b++) {
            int block = offset + b * 210;
            int out = dstOffset + b * 256;
            float d = f16(src, block + 208);
            for (int half = 0; half < 2; half++) {
                int ql = block + half * 64;
                int qh = block + 128 + half * 32;
                int sc = block + 192 + half * 8;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int low0 = src.get(ql + l) & 0xFF;
                    int low32 = src.get(ql + l + 32) & 0xFF;
                    int high = src.get(qh + l) & 0xFF;
                    int q1 = ((low0 & 0x0F) | ((high & 3) << 4)) - 32;
                    int q2 = ((low32 & 0x0F) | (((high >>> 2) & 3) << 4)) - 32;
                    int q3 = ((low0 >>> 4) | (((high >>> 4) & 3) << 4)) - 32;
                    int q4 = ((low32 >>> 4) | (((high >>> 6) & 3) << 4)) - 32;
                    dst[out + l] = d * src.get(sc + is) * q1;
                    dst[out + l + 32] = d * src.get(sc + is + 2) * q2;
                    dst[out + l + 64] = d * src.get(sc + is + 4) * q3;
                    dst[out + l + 96] = d * src.get(sc + is + 6) * q4;
                }
                out += 128;
            }
        }
    };
}
