package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHR;

/**
 * IQ4_NL, IQ4_XS and MXFP4: 4-bit codes that index a 16-entry table of levels. The table is one 16-byte vector and
 * the lookup one byte shuffle ({@code selectFrom}, x86's {@code pshufb}), so the codes become their levels for 16
 * values at once; levels widen to floats as the quants of {@link LegacyQuantKernels} do. The byte vectors here are
 * always 128 bits (16 lanes, the table's size), widened in {@code 16 / FLOATS} parts.
 */
final class NonLinearQuantKernels {
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int PARTS = Math.max(1, 16 / FLOATS);

    /** ggml's {@code kvalues_iq4nl}: the levels of IQ4_NL and IQ4_XS. */
    private static final byte[] IQ4_LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
    /** ggml's {@code kvalues_mxfp4}: E2M1 values doubled to integers (the scale is halved to match). */
    private static final byte[] MXFP4_LEVELS = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

    private NonLinearQuantKernels() {
    }

    /** IQ4_NL, 18 bytes: {@code d, qs[16]}; value = d × level[nibble] (byte j: values j and j + 16). */
    static final RowKernel IQ4_NL = new IQ4NLRows();

    /** IQ4_NL rows (a named class, so that profiles name the type). */
    private static final class IQ4NLRows extends BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 18;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            ByteVector table = ByteVector.fromArray(B16, IQ4_LEVELS, 0);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                int xb = xOffset + k * 32;
                ByteVector q = b.vector(B16, block + 2);
                ByteVector low = q.and((byte) 0x0F).selectFrom(table);
                ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                        .selectFrom(table);
                FloatVector sum = FloatVector.zero(F);
                for (int p = 0; p < PARTS; p++) {
                    sum = ((FloatVector) low.convertShape(B2F, F, p))
                            .fma(FloatVector.fromArray(F, x, xb + p * FLOATS), sum);
                    sum = ((FloatVector) high.convertShape(B2F, F, p))
                            .fma(FloatVector.fromArray(F, x, xb + 16 + p * FLOATS), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, b.f16(block)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            ByteVector table = ByteVector.fromArray(B16, IQ4_LEVELS, 0);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                int out = dstOffset + k * 32;
                float d = b.f16(block);
                ByteVector q = b.vector(B16, block + 2);
                ByteVector low = q.and((byte) 0x0F).selectFrom(table);
                ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                        .selectFrom(table);
                for (int p = 0; p < PARTS; p++) {
                    ((FloatVector) low.convertShape(B2F, F, p)).mul(d).intoArray(dst, out + p * FLOATS);
                    ((FloatVector) high.convertShape(B2F, F, p)).mul(d).intoArray(dst, out + 16 + p * FLOATS);
                }
            }
        }
    }

    /**
     * IQ4_XS, 136 bytes: {@code d}, {@code scales_h} (u16: top 2 bits of eight 6-bit scales), {@code scales_l[4]}
     * (their low nibbles), {@code qs[128]}: eight 32-value sub-blocks laid out as IQ4_NL blocks;
     * value = d·(scale − 32)·level[nibble].
     */
    static final RowKernel IQ4_XS = new IQ4XSRows();

    /** IQ4_XS rows (a named class, so that profiles name the type). */
    private static final class IQ4XSRows extends BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 256 * 136;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            ByteVector table = ByteVector.fromArray(B16, IQ4_LEVELS, 0);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 136;
                float d = b.f16(block);
                int scalesHigh = b.int16(block + 2) & 0xFFFF;
                int scalesLow = b.int32(block + 4);
                for (int sub = 0; sub < 8; sub++) {
                    int xb = xOffset + k * 256 + sub * 32;
                    ByteVector q = b.vector(B16, block + 8 + sub * 16);
                    ByteVector low = q.and((byte) 0x0F).selectFrom(table);
                    ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .selectFrom(table);
                    FloatVector sum = FloatVector.zero(F);
                    for (int p = 0; p < PARTS; p++) {
                        sum = ((FloatVector) low.convertShape(B2F, F, p))
                                .fma(FloatVector.fromArray(F, x, xb + p * FLOATS), sum);
                        sum = ((FloatVector) high.convertShape(B2F, F, p))
                                .fma(FloatVector.fromArray(F, x, xb + 16 + p * FLOATS), sum);
                    }
                    acc = sum.fma(FloatVector.broadcast(F, d * (xsScale(scalesLow, scalesHigh, sub) - 32)), acc);
                }
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            ByteVector table = ByteVector.fromArray(B16, IQ4_LEVELS, 0);
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 136;
                float d = b.f16(block);
                int scalesHigh = b.int16(block + 2) & 0xFFFF;
                int scalesLow = b.int32(block + 4);
                for (int sub = 0; sub < 8; sub++) {
                    int out = dstOffset + k * 256 + sub * 32;
                    float dl = d * (xsScale(scalesLow, scalesHigh, sub) - 32);
                    ByteVector q = b.vector(B16, block + 8 + sub * 16);
                    ByteVector low = q.and((byte) 0x0F).selectFrom(table);
                    ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .selectFrom(table);
                    for (int p = 0; p < PARTS; p++) {
                        ((FloatVector) low.convertShape(B2F, F, p)).mul(dl).intoArray(dst, out + p * FLOATS);
                        ((FloatVector) high.convertShape(B2F, F, p)).mul(dl).intoArray(dst, out + 16 + p * FLOATS);
                    }
                }
            }
        }
    }

    /** MXFP4, 17 bytes: {@code e} (E8M0 exponent), {@code qs[16]}; value = level[nibble] × 2^(e − 128). */
    static final RowKernel MXFP4 = new MXFP4Rows();

    /** MXFP4 rows (a named class, so that profiles name the type). */
    private static final class MXFP4Rows extends BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 17;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            ByteVector table = ByteVector.fromArray(B16, MXFP4_LEVELS, 0);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 17;
                int xb = xOffset + k * 32;
                ByteVector q = b.vector(B16, block + 1);
                ByteVector low = q.and((byte) 0x0F).selectFrom(table);
                ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                        .selectFrom(table);
                FloatVector sum = FloatVector.zero(F);
                for (int p = 0; p < PARTS; p++) {
                    sum = ((FloatVector) low.convertShape(B2F, F, p))
                            .fma(FloatVector.fromArray(F, x, xb + p * FLOATS), sum);
                    sum = ((FloatVector) high.convertShape(B2F, F, p))
                            .fma(FloatVector.fromArray(F, x, xb + 16 + p * FLOATS), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, e8m0Half(b.get(block) & 0xFF)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            ByteVector table = ByteVector.fromArray(B16, MXFP4_LEVELS, 0);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 17;
                int out = dstOffset + k * 32;
                float d = e8m0Half(b.get(block) & 0xFF);
                ByteVector q = b.vector(B16, block + 1);
                ByteVector low = q.and((byte) 0x0F).selectFrom(table);
                ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                        .selectFrom(table);
                for (int p = 0; p < PARTS; p++) {
                    ((FloatVector) low.convertShape(B2F, F, p)).mul(d).intoArray(dst, out + p * FLOATS);
                    ((FloatVector) high.convertShape(B2F, F, p)).mul(d).intoArray(dst, out + 16 + p * FLOATS);
                }
            }
        }
    }

    /**
     * IQ4_XS sub-block {@code sub}'s 6-bit scale (biased by 32): its nibble of the four scales_l bytes (read as one
     * word: sub-block s is bits 4s–4s+3), its top 2 bits from scales_h. The words are read once per super-block:
     * a byte read per sub-block costs a bounds check inside the loop.
     */
    static int xsScale(int scalesLow, int scalesHigh, int sub) {
        int low = (scalesLow >>> (4 * sub)) & 0x0F;
        return low | (((scalesHigh >>> (2 * sub)) & 3) << 4);
    }

    /** Half of the E8M0 scale 2^(e − 127), as ggml builds it (e = 0 and 1 give subnormals). */
    static float e8m0Half(int e) {
        int bits = e < 2 ? 0x00200000 << e : (e - 1) << 23;
        return Float.intBitsToFloat(bits);
    }
}
