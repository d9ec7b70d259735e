package dev.llmx.tensor.kernel;

import dev.llmx.tensor.Dequantizer;
import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.HalfFloat;
import dev.llmx.tensor.KQuantScales;

import java.nio.ByteBuffer;

/**
 * Scalar dot products that decode and multiply in one pass over a row's blocks, for the types real models use
 * most. Decoding to floats is the bit-exact {@link Dequantizers}. These are the baseline the Vector API kernels
 * are measured against, and what runs without the Vector API.
 */
final class ScalarRowKernels {
    private ScalarRowKernels() {
    }

    /** A fused dot product for one type; decoding goes to the type's {@link Dequantizer}. */
    @FunctionalInterface
    interface Dot {
        float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n);
    }

    static RowKernel kernel(GgmlType type, Dot dot) {
        Dequantizer decoder = Dequantizers.require(type, type.name());
        return new RowKernel() {
            @Override
            public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
                return dot.dot(row, offset, x, xOffset, n);
            }

            @Override
            public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
                decoder.dequantize(row, offset, dst, dstOffset, n);
            }
        };
    }

    static float f32(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += row.getFloat(offset + 4 * i) * x[xOffset + i];
        }
        return sum;
    }

    static float f16(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += HalfFloat.f16ToFloat(row.getShort(offset + 2 * i)) * x[xOffset + i];
        }
        return sum;
    }

    static float bf16(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += HalfFloat.bf16ToFloat(row.getShort(offset + 2 * i)) * x[xOffset + i];
        }
        return sum;
    }

    /** Q8_0: per 32-value block, d × Σ q·x. */
    static float q8_0(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int b = 0; b < n / 32; b++) {
            int block = offset + b * 34;
            int xb = xOffset + b * 32;
            float blockSum = 0;
            for (int j = 0; j < 32; j++) {
                blockSum += row.get(block + 2 + j) * x[xb + j];
            }
            sum += HalfFloat.f16ToFloat(row.getShort(block)) * blockSum;
        }
        return sum;
    }

    /** Q4_0: per 32-value block, d × Σ (nibble − 8)·x; byte j holds values j (low) and j + 16 (high). */
    static float q4_0(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int b = 0; b < n / 32; b++) {
            int block = offset + b * 18;
            int xb = xOffset + b * 32;
            float blockSum = 0;
            for (int j = 0; j < 16; j++) {
                int q = row.get(block + 2 + j) & 0xFF;
                blockSum += ((q & 0x0F) - 8) * x[xb + j] + ((q >>> 4) - 8) * x[xb + j + 16];
            }
            sum += HalfFloat.f16ToFloat(row.getShort(block)) * blockSum;
        }
        return sum;
    }

    /** Q4_K: per 32-value sub-block, d·scale·Σ q·x − dmin·min·Σ x. */
    static float q4_K(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int b = 0; b < n / 256; b++) {
            int block = offset + b * 144;
            int xb = xOffset + b * 256;
            float d = HalfFloat.f16ToFloat(row.getShort(block));
            float dmin = HalfFloat.f16ToFloat(row.getShort(block + 2));
            for (int group = 0; group < 4; group++) {
                int sm1 = KQuantScales.scaleMin(row, block + 4, 2 * group);
                int sm2 = KQuantScales.scaleMin(row, block + 4, 2 * group + 1);
                int qs = block + 16 + group * 32;
                int x1 = xb + group * 64;
                int x2 = x1 + 32;
                float qx1 = 0;
                float qx2 = 0;
                float sx1 = 0;
                float sx2 = 0;
                for (int l = 0; l < 32; l++) {
                    int q = row.get(qs + l) & 0xFF;
                    qx1 += (q & 0x0F) * x[x1 + l];
                    qx2 += (q >>> 4) * x[x2 + l];
                    sx1 += x[x1 + l];
                    sx2 += x[x2 + l];
                }
                sum += d * (sm1 & 0xFF) * qx1 - dmin * (sm1 >>> 8) * sx1
                        + d * (sm2 & 0xFF) * qx2 - dmin * (sm2 >>> 8) * sx2;
            }
        }
        return sum;
    }

    /** Q6_K: per 16-value run, d·scale·Σ (q − 32)·x; layout as in the Q6_K decoder. */
    static float q6_K(ByteBuffer row, int offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int b = 0; b < n / 256; b++) {
            int block = offset + b * 210;
            float d = HalfFloat.f16ToFloat(row.getShort(block + 208));
            for (int half = 0; half < 2; half++) {
                int ql = block + half * 64;
                int qh = block + 128 + half * 32;
                int sc = block + 192 + half * 8;
                int xh = xOffset + b * 256 + half * 128;
                for (int run = 0; run < 2; run++) {
                    float s1 = 0;
                    float s2 = 0;
                    float s3 = 0;
                    float s4 = 0;
                    for (int l = run * 16; l < run * 16 + 16; l++) {
                        int low0 = row.get(ql + l) & 0xFF;
                        int low32 = row.get(ql + l + 32) & 0xFF;
                        int high = row.get(qh + l) & 0xFF;
                        s1 += (((low0 & 0x0F) | ((high & 3) << 4)) - 32) * x[xh + l];
                        s2 += (((low32 & 0x0F) | (((high >>> 2) & 3) << 4)) - 32) * x[xh + l + 32];
                        s3 += (((low0 >>> 4) | (((high >>> 4) & 3) << 4)) - 32) * x[xh + l + 64];
                        s4 += (((low32 >>> 4) | (((high >>> 6) & 3) << 4)) - 32) * x[xh + l + 96];
                    }
                    sum += d * (row.get(sc + run) * s1 + row.get(sc + run + 2) * s2
                            + row.get(sc + run + 4) * s3 + row.get(sc + run + 6) * s4);
                }
            }
        }
        return sum;
    }
}
