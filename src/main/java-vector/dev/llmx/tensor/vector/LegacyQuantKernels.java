package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.Q80Activations;
import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;

import static dev.llmx.tensor.vector.Lanes.B;
import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static dev.llmx.tensor.vector.Lanes.I;
import static dev.llmx.tensor.vector.Q80BlockRowKernel.B16;
import static dev.llmx.tensor.vector.Q80BlockRowKernel.F8;
import static dev.llmx.tensor.vector.Q80BlockRowKernel.S16;
import static dev.llmx.tensor.vector.Q80BlockRowKernel.laneSum;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.OR;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.SUB;

/**
 * Q8_0, Q4_0, Q4_1, Q5_0 and Q5_1: 32-value blocks with one F16 scale (and for the "_1" types an F16 offset). A load
 * of {@link Lanes#FLOATS} quantized bytes widens to one float vector; a block's products are summed in a vector and
 * scaled once, and the offset of the "_1" types is applied once per block through the block's sum of x.
 *
 * <p>The fifth bits of Q5_0/Q5_1 sit in one 32-bit word per block: its bits are a lane mask as they are
 * ({@code VectorMask.fromLong}, one mask-register move with AVX-512), and a masked OR sets bit 4 of the lanes it
 * selects, so no per-value scalar work remains and the values stay bytes until they widen to floats.
 *
 * <p>Bytes are shifted as 64-bit lanes ({@code reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes()}) and
 * then masked: x86 has no byte-lane shift, and the Vector API compiles one to a widening, a shift and a narrowing,
 * which made the nibble split the most expensive step of the 4-bit kernels (Q4_0 576 × 576: 28.5 → 22.7 µs; the
 * same in every k-quant and non-linear kernel, decoders included, whose values are unchanged).
 *
 * <p>The vector code is written out in each loop rather than in small helper methods: a vector that crosses a call
 * the JIT does not inline is boxed into an object, which costs more than the arithmetic.
 */
final class LegacyQuantKernels {
    /** The bits of a lane mask of {@link Lanes#B}. */
    private static final long LANE_BITS = (1L << FLOATS) - 1;

    private LegacyQuantKernels() {
    }

    /** {@code d, qs[32]}: value = q × d. */
    static final RowKernel Q8_0 = new Q80Rows();

    /** Q8_0 rows (a named class, so that profiles name the type). */
    private static final class Q80Rows extends BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 34;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 34;
                int xb = xOffset + k * 32;
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < 32; c += FLOATS) {
                    FloatVector q = (FloatVector) b.vector(B, block + 2 + c).convertShape(B2F, F, 0);
                    sum = q.fma(FloatVector.fromArray(F, x, xb + c), sum);
                }
                // The scale computed, not looked up in a table: faster here (HalfFloat.f16ToFloatComputed).
                acc = sum.fma(FloatVector.broadcast(F, b.f16Computed(block)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        /**
         * Rows copied into an array (JDK 17/18, {@link WeightBytes#IN_PLACE} false) are in the L1 cache, where four
         * rows at once — each x vector loaded once for four rows, four independent chains — are fastest (Q8_0
         * 1024 × 4096 on JDK 17, one row at a time then four: 428 → 311 µs). Rows read in place come from memory,
         * where four interleaved streams defeat the hardware prefetcher: one row after another there.
         */
        @Override
        void dotRun(WeightBytes b, int rowBytes, int rows, float[] x, int xOffset, int n, float[] out, int outOffset,
                    Scratch scratch) {
            int r = WeightBytes.IN_PLACE ? 0 : fourRowsAtATime(b, rowBytes, rows, x, xOffset, n, out, outOffset);
            for (; r < rows; r++) {
                out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n);
            }
        }

        /** Rows 0 to a multiple of four, four at a time; returns how many it did. */
        private static int fourRowsAtATime(WeightBytes b, int rowBytes, int rows, float[] x, int xOffset, int n,
                                           float[] out, int outOffset) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int b0 = r * rowBytes;
                int b1 = b0 + rowBytes;
                int b2 = b1 + rowBytes;
                int b3 = b2 + rowBytes;
                FloatVector acc0 = FloatVector.zero(F);
                FloatVector acc1 = FloatVector.zero(F);
                FloatVector acc2 = FloatVector.zero(F);
                FloatVector acc3 = FloatVector.zero(F);
                for (int k = 0; k < n / 32; k++) {
                    int o = k * 34;
                    int xb = xOffset + k * 32;
                    FloatVector s0 = FloatVector.zero(F);
                    FloatVector s1 = FloatVector.zero(F);
                    FloatVector s2 = FloatVector.zero(F);
                    FloatVector s3 = FloatVector.zero(F);
                    for (int c = 0; c < 32; c += FLOATS) {
                        FloatVector xv = FloatVector.fromArray(F, x, xb + c);
                        s0 = ((FloatVector) b.vector(B, b0 + o + 2 + c).convertShape(B2F, F, 0)).fma(xv, s0);
                        s1 = ((FloatVector) b.vector(B, b1 + o + 2 + c).convertShape(B2F, F, 0)).fma(xv, s1);
                        s2 = ((FloatVector) b.vector(B, b2 + o + 2 + c).convertShape(B2F, F, 0)).fma(xv, s2);
                        s3 = ((FloatVector) b.vector(B, b3 + o + 2 + c).convertShape(B2F, F, 0)).fma(xv, s3);
                    }
                    acc0 = s0.fma(FloatVector.broadcast(F, b.f16(b0 + o)), acc0);
                    acc1 = s1.fma(FloatVector.broadcast(F, b.f16(b1 + o)), acc1);
                    acc2 = s2.fma(FloatVector.broadcast(F, b.f16(b2 + o)), acc2);
                    acc3 = s3.fma(FloatVector.broadcast(F, b.f16(b3 + o)), acc3);
                }
                out[outOffset + r] = acc0.reduceLanes(ADD);
                out[outOffset + r + 1] = acc1.reduceLanes(ADD);
                out[outOffset + r + 2] = acc2.reduceLanes(ADD);
                out[outOffset + r + 3] = acc3.reduceLanes(ADD);
            }
            return r;
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 34;
                FloatVector d = FloatVector.broadcast(F, b.f16(block));
                for (int c = 0; c < 32; c += FLOATS) {
                    FloatVector q = (FloatVector) b.vector(B, block + 2 + c).convertShape(B2F, F, 0);
                    q.mul(d).intoArray(dst, dstOffset + k * 32 + c);
                }
            }
        }
    }

    /** {@code d, qs[16]}: byte j holds value j in its low nibble and value j + 16 in its high; value = (q − 8) × d. */
    static final RowKernel Q4_0 = new Q40Rows();

    /** Q4_0 rows (a named class, so that profiles name the type). */
    private static final class Q40Rows extends Q80BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 18;
        }

        /** (q − 8) × code: at most 8 × 127, two of them per 16-bit lane (as {@link Q80BlockRowKernel} says). */
        @Override
        float dotCodes(WeightBytes b, int base, Q80Activations x, int n) {
            short[] codes = x.codes();
            float[] scales = x.scales();
            FloatVector acc = FloatVector.zero(F8);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                ShortVector q = (ShortVector) b.vector(B16, block + 2).convertShape(B2S, S16, 0);
                ShortVector p = q.and((short) 0x0F).sub((short) 8).mul(ShortVector.fromArray(S16, codes, k * 32))
                        .add(q.lanewise(LSHR, 4).and((short) 0x0F).sub((short) 8)
                                .mul(ShortVector.fromArray(S16, codes, k * 32 + 16)));
                IntVector v = p.reinterpretAsInts();
                // (v + (v << 16)) >> 16: each int lane's two shorts summed, sign-extended.
                acc = ((FloatVector) v.add(v.lanewise(LSHL, 16)).lanewise(ASHR, 16).convert(I2F, 0))
                        .fma(FloatVector.broadcast(F8, b.f16(block) * scales[k]), acc);
            }
            return laneSum(acc);
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                int xb = xOffset + k * 32;
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 2 + c);
                    FloatVector low = (FloatVector) q.and((byte) 0x0F).sub((byte) 8).convertShape(B2F, F, 0);
                    FloatVector high = (FloatVector) q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes()
                            .and((byte) 0x0F).sub((byte) 8).convertShape(B2F, F, 0);
                    sum = low.fma(FloatVector.fromArray(F, x, xb + c), sum);
                    sum = high.fma(FloatVector.fromArray(F, x, xb + 16 + c), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, b.f16(block)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                FloatVector d = FloatVector.broadcast(F, b.f16(block));
                int out = dstOffset + k * 32;
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 2 + c);
                    FloatVector low = (FloatVector) q.and((byte) 0x0F).sub((byte) 8).convertShape(B2F, F, 0);
                    FloatVector high = (FloatVector) q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes()
                            .and((byte) 0x0F).sub((byte) 8).convertShape(B2F, F, 0);
                    low.mul(d).intoArray(dst, out + c);
                    high.mul(d).intoArray(dst, out + 16 + c);
                }
            }
        }
    }
    /** {@code d, m, qs[16]}: value = nibble × d + m; Σ value·x = d·Σ nibble·x + m·Σ x. */
    static final RowKernel Q4_1 = new Q41Rows();

    /** Q4_1 rows (a named class, so that profiles name the type). */
    private static final class Q41Rows extends Q80BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 20;
        }

        /** nibble × code (at most 15 × 127) in integers; the offset through Q8_1's block sums, as ggml. */
        @Override
        float dotCodes(WeightBytes b, int base, Q80Activations x, int n) {
            short[] codes = x.codes();
            float[] scales = x.scales();
            float[] sums = x.sums();
            FloatVector acc = FloatVector.zero(F8);
            float offsets = 0;
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 20;
                ShortVector q = (ShortVector) b.vector(B16, block + 4).convertShape(B2S, S16, 0);
                ShortVector p = q.and((short) 0x0F).mul(ShortVector.fromArray(S16, codes, k * 32))
                        .add(q.lanewise(LSHR, 4).and((short) 0x0F).mul(ShortVector.fromArray(S16, codes, k * 32 + 16)));
                IntVector v = p.reinterpretAsInts();
                // (v + (v << 16)) >> 16: each int lane's two shorts summed, sign-extended.
                acc = ((FloatVector) v.add(v.lanewise(LSHL, 16)).lanewise(ASHR, 16).convert(I2F, 0))
                        .fma(FloatVector.broadcast(F8, b.f16(block) * scales[k]), acc);
                offsets += b.f16(block + 2) * sums[k];
            }
            return laneSum(acc) + offsets;
        }

        /** One row (not on the decode path, which takes runs): the sums of x for this row alone. */
        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            return dot(b, base, x, xOffset, n, KQuantKernels.xSums(x, xOffset, n, new float[n / 32]));
        }

        /** As {@link Q51Rows#dotRun}: the sums of x per block once for the run. */
        @Override
        void dotRun(WeightBytes b, int rowBytes, int rows, float[] x, int xOffset, int n, float[] out, int outOffset,
                    Scratch scratch) {
            float[] sums = KQuantKernels.xSums(x, xOffset, n, scratch);
            for (int r = 0; r < rows; r++) {
                out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n, sums);
            }
        }

        /** The dot product given the sums of x per block. */
        static float dot(WeightBytes b, int base, float[] x, int xOffset, int n, float[] sums) {
            FloatVector acc = FloatVector.zero(F);
            float offsets = 0;
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 20;
                int xb = xOffset + k * 32;
                FloatVector qx = FloatVector.zero(F);
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 4 + c);
                    qx = ((FloatVector) q.and((byte) 0x0F).convertShape(B2F, F, 0))
                            .fma(FloatVector.fromArray(F, x, xb + c), qx);
                    qx = ((FloatVector) q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .convertShape(B2F, F, 0)).fma(FloatVector.fromArray(F, x, xb + 16 + c), qx);
                }
                acc = qx.fma(FloatVector.broadcast(F, b.f16(block)), acc);
                offsets += b.f16(block + 2) * sums[k];
            }
            return acc.reduceLanes(ADD) + offsets;
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 20;
                float d = b.f16(block);
                float m = b.f16(block + 2);
                int out = dstOffset + k * 32;
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 4 + c);
                    // Multiply, then add (not one fused step): the same roundings as ggml's decoder.
                    ((FloatVector) q.and((byte) 0x0F).convertShape(B2F, F, 0)).mul(d).add(m).intoArray(dst, out + c);
                    ((FloatVector) q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .convertShape(B2F, F, 0)).mul(d).add(m)
                            .intoArray(dst, out + 16 + c);
                }
            }
        }
    }

    /** {@code d, qh (u32), qs[16]}: value = (nibble | fifth bit « 4 − 16) × d. */
    static final RowKernel Q5_0 = new Q50Rows();

    /** Q5_0 rows (a named class, so that profiles name the type). */
    private static final class Q50Rows extends Q80BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 22;
        }

        /**
         * (q − 16) × code, at most 16 × 127: "− 16 unless the fifth bit is set" as a masked subtraction whose mask
         * is the block's high-bit word, inverted (16 bits for each half of the block).
         */
        @Override
        float dotCodes(WeightBytes b, int base, Q80Activations x, int n) {
            short[] codes = x.codes();
            float[] scales = x.scales();
            FloatVector acc = FloatVector.zero(F8);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 22;
                int qh = ~b.int32(block + 2);
                ShortVector q = (ShortVector) b.vector(B16, block + 6).convertShape(B2S, S16, 0);
                ShortVector p = q.and((short) 0x0F).lanewise(SUB, (short) 16, VectorMask.fromLong(S16, qh & 0xFFFF))
                        .mul(ShortVector.fromArray(S16, codes, k * 32))
                        .add(q.lanewise(LSHR, 4).and((short) 0x0F)
                                .lanewise(SUB, (short) 16, VectorMask.fromLong(S16, (qh >>> 16) & 0xFFFF))
                                .mul(ShortVector.fromArray(S16, codes, k * 32 + 16)));
                IntVector v = p.reinterpretAsInts();
                // (v + (v << 16)) >> 16: each int lane's two shorts summed, sign-extended.
                acc = ((FloatVector) v.add(v.lanewise(LSHL, 16)).lanewise(ASHR, 16).convert(I2F, 0))
                        .fma(FloatVector.broadcast(F8, b.f16(block) * scales[k]), acc);
            }
            return laneSum(acc);
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 22;
                int xb = xOffset + k * 32;
                // In the int domain: one widening of the bytes, the nibbles by int mask and shift (x86 has no byte
                // shift), and "− 16 unless the fifth bit is set" as one masked subtraction whose mask is the
                // block's high-bit word, inverted (29 µs against 36 for the byte-domain OR, then − 16, on a
                // 576 × 576 matrix).
                int qh = ~b.int32(block + 2);
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < 16; c += FLOATS) {
                    IntVector q = (IntVector) b.vector(B, block + 6 + c).convertShape(B2I, I, 0);
                    IntVector low = q.and(0x0F).lanewise(SUB, 16, VectorMask.fromLong(I, (qh >>> c) & LANE_BITS));
                    IntVector high = q.lanewise(LSHR, 4).and(0x0F)
                            .lanewise(SUB, 16, VectorMask.fromLong(I, (qh >>> (16 + c)) & LANE_BITS));
                    sum = ((FloatVector) low.convert(I2F, 0)).fma(FloatVector.fromArray(F, x, xb + c), sum);
                    sum = ((FloatVector) high.convert(I2F, 0)).fma(FloatVector.fromArray(F, x, xb + 16 + c), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, b.f16(block)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 22;
                float d = b.f16(block);
                int qh = b.int32(block + 2);
                int out = dstOffset + k * 32;
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 6 + c);
                    VectorMask<Byte> h0 = VectorMask.fromLong(B, (qh >>> c) & LANE_BITS);
                    VectorMask<Byte> h1 = VectorMask.fromLong(B, (qh >>> (16 + c)) & LANE_BITS);
                    ByteVector low = q.and((byte) 0x0F).lanewise(OR, (byte) 0x10, h0).sub((byte) 16);
                    ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .lanewise(OR, (byte) 0x10, h1).sub((byte) 16);
                    ((FloatVector) low.convertShape(B2F, F, 0)).mul(d).intoArray(dst, out + c);
                    ((FloatVector) high.convertShape(B2F, F, 0)).mul(d).intoArray(dst, out + 16 + c);
                }
            }
        }
    }

    /** {@code d, m, qh (u32), qs[16]}: value = (nibble | fifth bit « 4) × d + m. */
    static final RowKernel Q5_1 = new Q51Rows();

    /** Q5_1 rows (a named class, so that profiles name the type). */
    private static final class Q51Rows extends Q80BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 32 * 24;
        }

        /** (nibble | fifth bit « 4) × code, at most 31 × 127; the offset through Q8_1's block sums, as ggml. */
        @Override
        float dotCodes(WeightBytes b, int base, Q80Activations x, int n) {
            short[] codes = x.codes();
            float[] scales = x.scales();
            float[] sums = x.sums();
            FloatVector acc = FloatVector.zero(F8);
            float offsets = 0;
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 24;
                int qh = b.int32(block + 4);
                ShortVector q = (ShortVector) b.vector(B16, block + 8).convertShape(B2S, S16, 0);
                ShortVector p = q.and((short) 0x0F).lanewise(OR, (short) 0x10, VectorMask.fromLong(S16, qh & 0xFFFF))
                        .mul(ShortVector.fromArray(S16, codes, k * 32))
                        .add(q.lanewise(LSHR, 4).and((short) 0x0F)
                                .lanewise(OR, (short) 0x10, VectorMask.fromLong(S16, (qh >>> 16) & 0xFFFF))
                                .mul(ShortVector.fromArray(S16, codes, k * 32 + 16)));
                IntVector v = p.reinterpretAsInts();
                // (v + (v << 16)) >> 16: each int lane's two shorts summed, sign-extended.
                acc = ((FloatVector) v.add(v.lanewise(LSHL, 16)).lanewise(ASHR, 16).convert(I2F, 0))
                        .fma(FloatVector.broadcast(F8, b.f16(block) * scales[k]), acc);
                offsets += b.f16(block + 2) * sums[k];
            }
            return laneSum(acc) + offsets;
        }

        /** One row (not on the decode path, which takes runs): the sums of x for this row alone. */
        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            return dot(b, base, x, xOffset, n, KQuantKernels.xSums(x, xOffset, n, new float[n / 32]));
        }

        /**
         * A run of rows with the sums of x per block computed once for the run: the offset m then costs one scalar
         * multiply-add per block instead of a vector sum of x per row (576 × 576: 38.3 → 34.2 µs).
         */
        @Override
        void dotRun(WeightBytes b, int rowBytes, int rows, float[] x, int xOffset, int n, float[] out, int outOffset,
                    Scratch scratch) {
            float[] sums = KQuantKernels.xSums(x, xOffset, n, scratch);
            for (int r = 0; r < rows; r++) {
                out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n, sums);
            }
        }

        /** The dot product given the sums of x per block. */
        static float dot(WeightBytes b, int base, float[] x, int xOffset, int n, float[] sums) {
            FloatVector acc = FloatVector.zero(F);
            float offsets = 0;
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 24;
                int xb = xOffset + k * 32;
                int qh = b.int32(block + 4);
                FloatVector qx = FloatVector.zero(F);
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 8 + c);
                    VectorMask<Byte> h0 = VectorMask.fromLong(B, (qh >>> c) & LANE_BITS);
                    VectorMask<Byte> h1 = VectorMask.fromLong(B, (qh >>> (16 + c)) & LANE_BITS);
                    ByteVector low = q.and((byte) 0x0F).lanewise(OR, (byte) 0x10, h0);
                    ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .lanewise(OR, (byte) 0x10, h1);
                    qx = ((FloatVector) low.convertShape(B2F, F, 0)).fma(FloatVector.fromArray(F, x, xb + c), qx);
                    qx = ((FloatVector) high.convertShape(B2F, F, 0)).fma(FloatVector.fromArray(F, x, xb + 16 + c), qx);
                }
                acc = qx.fma(FloatVector.broadcast(F, b.f16(block)), acc);
                offsets += b.f16(block + 2) * sums[k];
            }
            return acc.reduceLanes(ADD) + offsets;
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 24;
                float d = b.f16(block);
                float m = b.f16(block + 2);
                int qh = b.int32(block + 4);
                int out = dstOffset + k * 32;
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = b.vector(B, block + 8 + c);
                    VectorMask<Byte> h0 = VectorMask.fromLong(B, (qh >>> c) & LANE_BITS);
                    VectorMask<Byte> h1 = VectorMask.fromLong(B, (qh >>> (16 + c)) & LANE_BITS);
                    ByteVector low = q.and((byte) 0x0F).lanewise(OR, (byte) 0x10, h0);
                    ByteVector high = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .lanewise(OR, (byte) 0x10, h1);
                    ((FloatVector) low.convertShape(B2F, F, 0)).mul(d).add(m).intoArray(dst, out + c);
                    ((FloatVector) high.convertShape(B2F, F, 0)).mul(d).add(m).intoArray(dst, out + 16 + c);
                }
            }
        }
    }
}
