package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.Q8KActivations;
import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import static dev.llmx.tensor.vector.Lanes.B;
import static dev.llmx.tensor.vector.Lanes.B_HALF;
import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static dev.llmx.tensor.vector.Lanes.I;
import static dev.llmx.tensor.vector.Lanes.S;
import static dev.llmx.tensor.vector.Lanes.SHORTS;
import static dev.llmx.tensor.vector.Lanes.S_FULL;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.S2F;

/**
 * The k-quants (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K): 256-value super-blocks whose sub-blocks (16 or 32 values) have their
 * own integer scales. The scales are applied to vector partial sums (never per value), and the mins of Q2_K, Q4_K
 * and Q5_K through the sub-block's sum of x. As in
 * {@link LegacyQuantKernels}, the vector code is written out in the loops (no helper methods) so that no vector is
 * boxed.
 */
final class KQuantKernels {
    /** Eight int lanes: a super-block's eight sub-block mins. */
    private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;

    private KQuantKernels() {
    }

    /**
     * Q4_K and Q5_K: sub-blocks with a scale and a min, the mins applied through the sums of x over every 32 values,
     * which a run of rows shares. The subclasses give the dot product on floats given those sums, and on Q8_K codes.
     */
    private abstract static class RowsWithMins extends Q8KBlockRowKernel {
        /** The dot product given the sums of x per 32 values. */
        abstract float dot(WeightBytes b, int base, float[] x, int xOffset, int n, float[] sums);

        /**
         * The dot product with Q8_K activations, in integers as ggml computes it: each sub-block's sum of quant ×
         * code in 16-bit lanes (at most 31 × 127 a product), summed in pairs into 32-bit lanes and multiplied by the
         * sub-block's scale there ({@link #superBlockSum}); the mins through the codes' sums per 32. Integer lanes,
         * because the float route widens every quant to a float (two conversions per 16 values) where this widens a
         * product once per two values and multiplies 32 values per instruction (JMH, Q4_K 1024 × 4096: 468 → 336 µs).
         *
         * <p>For Q4_K the roundings are those of llama.cpp's decoding (its matrix × vector on repacked rows,
         * {@code ggml_gemv_q4_K_8x8_q8_K}): per super-block one exact integer sum of scale × quant × code and one of
         * min × code sums, each added to its own float by one multiply-add with d_w·d_x (dmin_w·d_x); the two floats
         * are subtracted at the end. Q5_K takes the same path (ggml's {@code ggml_vec_dot_q5_K_q8_K} keeps eight
         * float lanes instead: the same integer sums, other roundings of their float sum).
         */
        @Override
        final float dotCodes(WeightBytes b, int base, Q8KActivations x, int n) {
            short[] codes = x.shortCodes();
            float[] xScales = x.scales();
            int[] sums = x.sums32();
            int blockBytes = rowBytes(256);
            float total = 0;
            float mins = 0;
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * blockBytes;
                int w0 = b.int32(block + 4);
                int w1 = b.int32(block + 8);
                int w2 = b.int32(block + 12);
                int scales0 = w0 & 0x3F3F3F3F;
                int scales1 = (w2 & 0x0F0F0F0F) | (((w0 >>> 6) & 0x03030303) << 4);
                int mins0 = w1 & 0x3F3F3F3F;
                int mins1 = ((w2 >>> 4) & 0x0F0F0F0F) | (((w1 >>> 6) & 0x03030303) << 4);
                float dx = xScales[k];
                total = Math.fma(superBlockSum(b, block, codes, k * 256, scales0, scales1), b.f16(block) * dx, total);
                mins = Math.fma(mins(mins0, mins1, sums, k), b.f16(block + 2) * dx, mins);
            }
            return total - mins;
        }

        /**
         * Σ scale × quant × code over the super-block at {@code block}, exactly, with the activation codes from
         * {@code x0}; {@code scales0} and {@code scales1} hold its eight 6-bit scales, four to a word. An int, not a
         * vector, crosses this call: a vector that crossed a call the JIT did not inline would become an object.
         */
        abstract int superBlockSum(WeightBytes b, int block, short[] codes, int x0, int scales0, int scales1);

        /** One row (not on the decode path, which takes runs): the sums of x for this row alone. */
        @Override
        final float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            return dot(b, base, x, xOffset, n, xSums(x, xOffset, n, new float[n / 32]));
        }

        /**
         * A run of rows with the sums of x over each 32 values computed once for the run: a row's mins then cost one
         * scalar multiply-add per sub-block instead of a vector sum of x per row.
         */
        @Override
        final void dotRun(WeightBytes b, int rowBytes, int rows, float[] x, int xOffset, int n, float[] out,
                          int outOffset, Scratch scratch) {
            float[] sums = xSums(x, xOffset, n, scratch);
            for (int r = 0; r < rows; r++) {
                out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n, sums);
            }
        }

        /** Sub-block j's 6-bit scale (or min) from the two words that hold four each, a byte apiece. */
        static int subBlockScale(int scales0, int scales1, int j) {
            return ((j < 4 ? scales0 : scales1) >>> (8 * (j & 3))) & 0xFF;
        }

        /** Lanes 4–7 of {@link #mins}'s vector: the second word's four mins. */
        private static final VectorMask<Integer> UPPER_FOUR = VectorMask.fromLong(I8, 0xF0);
        /** Where each lane's min sits in its word. */
        private static final IntVector BYTE_SHIFTS = IntVector.fromArray(I8, new int[] {0, 8, 16, 24, 0, 8, 16, 24}, 0);

        /**
         * {@code Σ_j min_j × sums[8k + j]} for a super-block's eight 6-bit mins, packed four to a word, in one vector
         * multiply and an (exact) integer sum instead of sixteen scalar steps (a quarter of the kernel's time when
         * scalar).
         */
        static int mins(int mins0, int mins1, int[] sums, int k) {
            IntVector m = IntVector.broadcast(I8, mins0).blend(mins1, UPPER_FOUR).lanewise(LSHR, BYTE_SHIFTS).and(0xFF);
            return m.mul(IntVector.fromArray(I8, sums, 8 * k)).reduceLanes(ADD);
        }
    }

    /**
     * Q4_K, 144 bytes: {@code d, dmin, scales[12], qs[128]}; group g's 32 bytes hold sub-block 2g in their low
     * nibbles and 2g + 1 in their high nibbles. Value = d·scale·q − dmin·min.
     */
    static final RowKernel Q4_K = new Q4KRows();

    /** Q4_K rows (a named class, so that profiles name the type). */
    private static final class Q4KRows extends RowsWithMins {
        @Override
        int rowBytes(int n) {
            return n / 256 * 144;
        }

        /**
         * The dot product given the sums of x over every 32 values. A super-block's sixteen 6-bit scales and mins
         * are unpacked at once with 32-bit word operations (as ggml does); each nibble is multiplied by its scale as
         * a short (at most 15 × 63, exact), so a sub-block needs no scalar-to-vector broadcast, and d multiplies the
         * super-block's sum once (576 × 1536: 117 → 95 µs).
         */
        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n, float[] sums) {
            FloatVector total = FloatVector.zero(F);
            float mins = 0;
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 144;
                int w0 = b.int32(block + 4);
                int w1 = b.int32(block + 8);
                int w2 = b.int32(block + 12);
                int scales0 = w0 & 0x3F3F3F3F;
                int scales1 = (w2 & 0x0F0F0F0F) | (((w0 >>> 6) & 0x03030303) << 4);
                int mins0 = w1 & 0x3F3F3F3F;
                int mins1 = ((w2 >>> 4) & 0x0F0F0F0F) | (((w1 >>> 6) & 0x03030303) << 4);
                FloatVector acc = FloatVector.zero(F);
                FloatVector acc2 = FloatVector.zero(F);
                for (int group = 0; group < 4; group++) {
                    int qs = block + 16 + group * 32;
                    int x1 = xOffset + k * 256 + group * 64;
                    short s1 = (short) subBlockScale(scales0, scales1, 2 * group);
                    short s2 = (short) subBlockScale(scales0, scales1, 2 * group + 1);
                    for (int c = 0; c < 32; c += FLOATS) {
                        ByteVector q = b.vector(B, qs + c);
                        ShortVector low = ((ShortVector) q.and((byte) 0x0F).convertShape(B2S, S, 0)).mul(s1);
                        ShortVector high = ((ShortVector) q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes()
                                .and((byte) 0x0F).convertShape(B2S, S, 0)).mul(s2);
                        acc = ((FloatVector) low.convertShape(S2F, F, 0)).fma(FloatVector.fromArray(F, x, x1 + c), acc);
                        acc2 = ((FloatVector) high.convertShape(S2F, F, 0))
                                .fma(FloatVector.fromArray(F, x, x1 + 32 + c), acc2);
                    }
                }
                total = acc.add(acc2).fma(FloatVector.broadcast(F, b.f16(block)), total);
                int s = k * 8;
                float m = (mins0 & 0xFF) * sums[s] + ((mins0 >>> 8) & 0xFF) * sums[s + 1]
                        + ((mins0 >>> 16) & 0xFF) * sums[s + 2] + (mins0 >>> 24) * sums[s + 3]
                        + (mins1 & 0xFF) * sums[s + 4] + ((mins1 >>> 8) & 0xFF) * sums[s + 5]
                        + ((mins1 >>> 16) & 0xFF) * sums[s + 6] + (mins1 >>> 24) * sums[s + 7];
                mins += b.f16(block + 2) * m;
            }
            return total.reduceLanes(ADD) - mins;
        }

        @Override
        int superBlockSum(WeightBytes b, int block, short[] codes, int x0, int scales0, int scales1) {
            IntVector acc = IntVector.zero(I);
            for (int group = 0; group < 4; group++) {
                int qs = block + 16 + group * 32;
                int x1 = x0 + group * 64;
                int s1 = subBlockScale(scales0, scales1, 2 * group);
                int s2 = subBlockScale(scales0, scales1, 2 * group + 1);
                for (int c = 0; c < 32; c += SHORTS) {
                    ShortVector q = (ShortVector) b.vector(B_HALF, qs + c).convertShape(B2S, S_FULL, 0);
                    IntVector p1 = q.and((short) 0x0F).mul(ShortVector.fromArray(S_FULL, codes, x1 + c))
                            .reinterpretAsInts();
                    IntVector p2 = q.lanewise(LSHR, 4).and((short) 0x0F)
                            .mul(ShortVector.fromArray(S_FULL, codes, x1 + 32 + c)).reinterpretAsInts();
                    // (p + (p << 16)) >> 16: the sum of an int lane's two shorts (the low one's carry cannot
                    // reach: it adds zeros), sign-extended.
                    acc = acc.add(p1.add(p1.lanewise(LSHL, 16)).lanewise(ASHR, 16).mul(s1))
                            .add(p2.add(p2.lanewise(LSHL, 16)).lanewise(ASHR, 16).mul(s2));
                }
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 144;
                float d = b.f16(block);
                float dmin = b.f16(block + 2);
                for (int group = 0; group < 4; group++) {
                    int sm1 = b.scaleMin(block + 4, 2 * group);
                    int sm2 = b.scaleMin(block + 4, 2 * group + 1);
                    float d1 = d * (sm1 & 0xFF);
                    float m1 = dmin * (sm1 >>> 8);
                    float d2 = d * (sm2 & 0xFF);
                    float m2 = dmin * (sm2 >>> 8);
                    int qs = block + 16 + group * 32;
                    int out = dstOffset + k * 256 + group * 64;
                    for (int c = 0; c < 32; c += FLOATS) {
                        ByteVector q = b.vector(B, qs + c);
                        // Multiply, then subtract (not one fused step): the same roundings as ggml's decoder.
                        ((FloatVector) q.and((byte) 0x0F).convertShape(B2F, F, 0)).mul(d1).sub(m1)
                                .intoArray(dst, out + c);
                        ((FloatVector) q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                                .convertShape(B2F, F, 0)).mul(d2).sub(m2)
                                .intoArray(dst, out + 32 + c);
                    }
                }
            }
        }
    }

    /**
     * Q6_K, 210 bytes: {@code ql[128], qh[64], scales[16] (int8), d}. Each 128-value half takes value l from the low
     * nibble of ql[l], l + 32 from ql[l + 32]'s low nibble, l + 64 and l + 96 from their high nibbles; qh[l] holds
     * the two top bits of all four (bits 0–1, 2–3, 4–5, 6–7), which a mask and at most one shift bring to bits 4–5.
     * Value = d·scale·(q − 32), one scale per 16 values.
     */
    static final RowKernel Q6_K = new Q6KRows();

    /** Q6_K rows (a named class, so that profiles name the type). */
    private static final class Q6KRows extends Q8KBlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 256 * 210;
        }

        /** Int lanes per vector of a half's sixteen scales: all of them where there are 16 lanes, else 8 per half. */
        private static final boolean ALL_SCALES_AT_ONCE = I.length() >= 16;
        /**
         * For each (half, quarter, step of {@link Lanes#SHORTS} values) the shuffle that gives every int lane its
         * scale: lane i sums values c + 2i and c + 2i + 1 of the quarter, whose scale is number (c + 2i) / 16.
         */
        private static final VectorShuffle<Integer>[] SCALE_SHUFFLES = scaleShuffles();

        @SuppressWarnings("unchecked")
        private static VectorShuffle<Integer>[] scaleShuffles() {
            int steps = 32 / SHORTS;
            VectorShuffle<Integer>[] shuffles = new VectorShuffle[2 * 4 * steps];
            for (int half = 0; half < 2; half++) {
                for (int quarter = 0; quarter < 4; quarter++) {
                    for (int step = 0; step < steps; step++) {
                        int[] index = new int[I.length()];
                        for (int i = 0; i < index.length; i++) {
                            index[i] = (ALL_SCALES_AT_ONCE ? 8 * half : 0) + 2 * quarter + (step * SHORTS + 2 * i) / 16;
                        }
                        shuffles[(half * 4 + quarter) * steps + step] = VectorShuffle.fromArray(I, index, 0);
                    }
                }
            }
            return shuffles;
        }

        /**
         * On Q8_K codes, in integers as ggml computes it ({@code ggml_vec_dot_q6_K_q8_K}): (q − 32) × code in 16-bit
         * lanes (at most 32 × 127), pairs summed into 32-bit lanes and multiplied by their int8 scale there, the
         * super-block's sums kept per four consecutive values (ggml's eight lanes, here the odd int lanes after one
         * more pairwise sum) and added to float lanes by one multiply-add with d_w·d_x each; the lanes are summed in
         * ggml's order at the end. With 512-bit vectors every rounding is ggml's (AVX2 build); narrower vectors
         * group the lanes otherwise.
         */
        @Override
        float dotCodes(WeightBytes b, int base, Q8KActivations x, int n) {
            short[] codes = x.shortCodes();
            float[] xScales = x.scales();
            int steps = 32 / SHORTS;
            FloatVector total = FloatVector.zero(F);
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 210;
                IntVector acc = IntVector.zero(I);
                IntVector allScales = ALL_SCALES_AT_ONCE
                        ? (IntVector) b.vector(B, block + 192).convertShape(B2I, I, 0) : null;
                for (int half = 0; half < 2; half++) {
                    int ql = block + half * 64;
                    int qh = block + 128 + half * 32;
                    int xh = k * 256 + half * 128;
                    IntVector scales = ALL_SCALES_AT_ONCE
                            ? allScales : (IntVector) b.vector(B, block + 192 + 8 * half).convertShape(B2I, I, 0);
                    for (int step = 0; step < steps; step++) {
                        int l = step * SHORTS;
                        ShortVector low0 = (ShortVector) b.vector(B_HALF, ql + l).convertShape(B2S, S_FULL, 0);
                        ShortVector low32 = (ShortVector) b.vector(B_HALF, ql + 32 + l).convertShape(B2S, S_FULL, 0);
                        ShortVector high = (ShortVector) b.vector(B_HALF, qh + l).convertShape(B2S, S_FULL, 0);
                        IntVector p1 = low0.and((short) 0x0F).or(high.and((short) 0x03).lanewise(LSHL, 4))
                                .sub((short) 32).mul(ShortVector.fromArray(S_FULL, codes, xh + l)).reinterpretAsInts();
                        IntVector p2 = low32.and((short) 0x0F).or(high.and((short) 0x0C).lanewise(LSHL, 2))
                                .sub((short) 32).mul(ShortVector.fromArray(S_FULL, codes, xh + 32 + l))
                                .reinterpretAsInts();
                        IntVector p3 = low0.lanewise(LSHR, 4).and((short) 0x0F).or(high.and((short) 0x30))
                                .sub((short) 32).mul(ShortVector.fromArray(S_FULL, codes, xh + 64 + l))
                                .reinterpretAsInts();
                        IntVector p4 = low32.lanewise(LSHR, 4).and((short) 0x0F)
                                .or(high.lanewise(LSHR, 2).and((short) 0x30))
                                .sub((short) 32).mul(ShortVector.fromArray(S_FULL, codes, xh + 96 + l))
                                .reinterpretAsInts();
                        int shuffle = half * 4 * steps + step;
                        // (p + (p << 16)) >> 16: the sum of an int lane's two shorts, sign-extended (as in Q4_K).
                        acc = acc.add(p1.add(p1.lanewise(LSHL, 16)).lanewise(ASHR, 16)
                                        .mul(scales.rearrange(SCALE_SHUFFLES[shuffle])))
                                .add(p2.add(p2.lanewise(LSHL, 16)).lanewise(ASHR, 16)
                                        .mul(scales.rearrange(SCALE_SHUFFLES[shuffle + steps])))
                                .add(p3.add(p3.lanewise(LSHL, 16)).lanewise(ASHR, 16)
                                        .mul(scales.rearrange(SCALE_SHUFFLES[shuffle + 2 * steps])))
                                .add(p4.add(p4.lanewise(LSHL, 16)).lanewise(ASHR, 16)
                                        .mul(scales.rearrange(SCALE_SHUFFLES[shuffle + 3 * steps])));
                    }
                }
                // Each odd int lane becomes the sum of its pair (four consecutive values): ggml's lanes.
                IntVector fours = acc.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsInts().add(acc);
                total = ((FloatVector) fours.convert(I2F, 0))
                        .fma(FloatVector.broadcast(F, xScales[k] * b.f16(block + 208)), total);
            }
            return oddLaneSum(total);
        }

        /** The odd lanes' sum; of eight, in the order of ggml's {@code hsum_float_8}. */
        private static float oddLaneSum(FloatVector v) {
            if (v.length() == 16) {
                float r0 = v.lane(1) + v.lane(9);
                float r1 = v.lane(3) + v.lane(11);
                float r2 = v.lane(5) + v.lane(13);
                float r3 = v.lane(7) + v.lane(15);
                return (r0 + r2) + (r1 + r3);
            }
            float sum = 0;
            for (int i = 1; i < v.length(); i += 2) {
                sum += v.lane(i);
            }
            return sum;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            // The bit fields are cut out in the byte domain, with shifts of the 64-bit lanes (x86 has no byte shift:
            // a byte-lane shift compiles to a widening, a shift and a narrowing) and masks; each value − 32 is
            // widened to a short and multiplied by its int8 scale there (at most 32 × 128, exact), so the float
            // domain sees one conversion and one multiply-add per 16 values; d multiplies the super-block's sum.
            // Two accumulators halve the chain of dependent multiply-adds (576 × 1536: 190 → 138 µs).
            FloatVector total = FloatVector.zero(F);
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 210;
                FloatVector acc = FloatVector.zero(F);
                FloatVector acc2 = FloatVector.zero(F);
                for (int half = 0; half < 2; half++) {
                    int ql = block + half * 64;
                    int qh = block + 128 + half * 32;
                    // The half's eight int8 scales in one read (a byte read each costs a bounds check in the loop).
                    long scales = b.int64(block + 192 + half * 8);
                    int xh = xOffset + k * 256 + half * 128;
                    for (int l = 0; l < 32; l += FLOATS) {
                        ByteVector low0 = b.vector(B, ql + l);
                        ByteVector low32 = b.vector(B, ql + l + 32);
                        ByteVector high = b.vector(B, qh + l);
                        ByteVector h4 = high.reinterpretAsLongs().lanewise(LSHL, 4).reinterpretAsBytes();
                        ByteVector h2 = high.reinterpretAsLongs().lanewise(LSHL, 2).reinterpretAsBytes();
                        ByteVector hr2 = high.reinterpretAsLongs().lanewise(LSHR, 2).reinterpretAsBytes();
                        ByteVector low0r = low0.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
                        ByteVector low32r = low32.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes();
                        int is = 8 * (l / 16);
                        ShortVector q1 = ((ShortVector) low0.and((byte) 0x0F).or(h4.and((byte) 0x30)).sub((byte) 32)
                                .convertShape(B2S, S, 0)).mul((byte) (scales >>> is));
                        ShortVector q2 = ((ShortVector) low32.and((byte) 0x0F).or(h2.and((byte) 0x30)).sub((byte) 32)
                                .convertShape(B2S, S, 0)).mul((byte) (scales >>> (is + 16)));
                        ShortVector q3 = ((ShortVector) low0r.and((byte) 0x0F).or(high.and((byte) 0x30))
                                .sub((byte) 32).convertShape(B2S, S, 0)).mul((byte) (scales >>> (is + 32)));
                        ShortVector q4 = ((ShortVector) low32r.and((byte) 0x0F).or(hr2.and((byte) 0x30))
                                .sub((byte) 32).convertShape(B2S, S, 0)).mul((byte) (scales >>> (is + 48)));
                        acc = ((FloatVector) q1.convertShape(S2F, F, 0)).fma(FloatVector.fromArray(F, x, xh + l), acc);
                        acc2 = ((FloatVector) q2.convertShape(S2F, F, 0))
                                .fma(FloatVector.fromArray(F, x, xh + l + 32), acc2);
                        acc = ((FloatVector) q3.convertShape(S2F, F, 0))
                                .fma(FloatVector.fromArray(F, x, xh + l + 64), acc);
                        acc2 = ((FloatVector) q4.convertShape(S2F, F, 0))
                                .fma(FloatVector.fromArray(F, x, xh + l + 96), acc2);
                    }
                }
                total = acc.add(acc2).fma(FloatVector.broadcast(F, b.f16(block + 208)), total);
            }
            return total.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 210;
                float d = b.f16(block + 208);
                for (int half = 0; half < 2; half++) {
                    int ql = block + half * 64;
                    int qh = block + 128 + half * 32;
                    int sc = block + 192 + half * 8;
                    int out = dstOffset + k * 256 + half * 128;
                    for (int l = 0; l < 32; l += FLOATS) {
                        ByteVector low0 = b.vector(B, ql + l);
                        ByteVector low32 = b.vector(B, ql + l + 32);
                        ByteVector high = b.vector(B, qh + l);
                        ByteVector q1 = low0.and((byte) 0x0F).or(high.and((byte) 0x03).reinterpretAsLongs()
                                .lanewise(LSHL, 4).reinterpretAsBytes());
                        ByteVector q2 = low32.and((byte) 0x0F).or(high.and((byte) 0x0C).reinterpretAsLongs()
                                .lanewise(LSHL, 2).reinterpretAsBytes());
                        ByteVector q3 = low0.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes()
                                .and((byte) 0x0F).or(high.and((byte) 0x30));
                        ByteVector q4 = low32.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes()
                                .and((byte) 0x0F).or(high.reinterpretAsLongs().lanewise(LSHR, 2).reinterpretAsBytes()
                                .and((byte) 0x30));
                        int is = sc + l / 16;
                        ((FloatVector) q1.sub((byte) 32).convertShape(B2F, F, 0)).mul(d * b.get(is))
                                .intoArray(dst, out + l);
                        ((FloatVector) q2.sub((byte) 32).convertShape(B2F, F, 0)).mul(d * b.get(is + 2))
                                .intoArray(dst, out + l + 32);
                        ((FloatVector) q3.sub((byte) 32).convertShape(B2F, F, 0)).mul(d * b.get(is + 4))
                                .intoArray(dst, out + l + 64);
                        ((FloatVector) q4.sub((byte) 32).convertShape(B2F, F, 0)).mul(d * b.get(is + 6))
                                .intoArray(dst, out + l + 96);
                    }
                }
            }
        }
    }
    /**
     * Q5_K, 176 bytes: as Q4_K plus {@code qh[32]} before the quants: bit 2g of qh[l] is the fifth bit of value l of
     * group g's first sub-block, bit 2g + 1 that of its second. Value = d·scale·q − dmin·min.
     */
    static final RowKernel Q5_K = new Q5KRows();

    /** Q5_K rows (a named class, so that profiles name the type). */
    private static final class Q5KRows extends RowsWithMins {
        @Override
        int rowBytes(int n) {
            return n / 256 * 176;
        }

        /** As {@link Q4KRows}'s, with the fifth bits (576 × 1536: 123 → 108 µs). */
        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n, float[] sums) {
            FloatVector total = FloatVector.zero(F);
            float mins = 0;
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 176;
                int w0 = b.int32(block + 4);
                int w1 = b.int32(block + 8);
                int w2 = b.int32(block + 12);
                int scales0 = w0 & 0x3F3F3F3F;
                int scales1 = (w2 & 0x0F0F0F0F) | (((w0 >>> 6) & 0x03030303) << 4);
                int mins0 = w1 & 0x3F3F3F3F;
                int mins1 = ((w2 >>> 4) & 0x0F0F0F0F) | (((w1 >>> 6) & 0x03030303) << 4);
                FloatVector acc = FloatVector.zero(F);
                FloatVector acc2 = FloatVector.zero(F);
                for (int group = 0; group < 4; group++) {
                    int ql = block + 48 + group * 32;
                    int x1 = xOffset + k * 256 + group * 64;
                    short s1 = (short) subBlockScale(scales0, scales1, 2 * group);
                    short s2 = (short) subBlockScale(scales0, scales1, 2 * group + 1);
                    for (int c = 0; c < 32; c += FLOATS) {
                        ByteVector q = b.vector(B, ql + c);
                        ByteVector h = b.vector(B, block + 16 + c).reinterpretAsLongs()
                                .lanewise(LSHR, 2 * group).reinterpretAsBytes();
                        ByteVector q1 = q.and((byte) 0x0F).or(h.and((byte) 1).reinterpretAsLongs().lanewise(LSHL, 4)
                                .reinterpretAsBytes());
                        ByteVector q2 = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                                .or(h.and((byte) 2).reinterpretAsLongs().lanewise(LSHL, 3).reinterpretAsBytes());
                        ShortVector low = ((ShortVector) q1.convertShape(B2S, S, 0)).mul(s1);
                        ShortVector high = ((ShortVector) q2.convertShape(B2S, S, 0)).mul(s2);
                        acc = ((FloatVector) low.convertShape(S2F, F, 0)).fma(FloatVector.fromArray(F, x, x1 + c), acc);
                        acc2 = ((FloatVector) high.convertShape(S2F, F, 0))
                                .fma(FloatVector.fromArray(F, x, x1 + 32 + c), acc2);
                    }
                }
                total = acc.add(acc2).fma(FloatVector.broadcast(F, b.f16(block)), total);
                int s = k * 8;
                float m = (mins0 & 0xFF) * sums[s] + ((mins0 >>> 8) & 0xFF) * sums[s + 1]
                        + ((mins0 >>> 16) & 0xFF) * sums[s + 2] + (mins0 >>> 24) * sums[s + 3]
                        + (mins1 & 0xFF) * sums[s + 4] + ((mins1 >>> 8) & 0xFF) * sums[s + 5]
                        + ((mins1 >>> 16) & 0xFF) * sums[s + 6] + (mins1 >>> 24) * sums[s + 7];
                mins += b.f16(block + 2) * m;
            }
            return total.reduceLanes(ADD) - mins;
        }

        /** As {@link Q4KRows#superBlockSum}, with the fifth bits (a quant at most 31). */
        @Override
        int superBlockSum(WeightBytes b, int block, short[] codes, int x0, int scales0, int scales1) {
            IntVector acc = IntVector.zero(I);
            for (int group = 0; group < 4; group++) {
                int ql = block + 48 + group * 32;
                int x1 = x0 + group * 64;
                int s1 = subBlockScale(scales0, scales1, 2 * group);
                int s2 = subBlockScale(scales0, scales1, 2 * group + 1);
                for (int c = 0; c < 32; c += SHORTS) {
                    ShortVector q = (ShortVector) b.vector(B_HALF, ql + c).convertShape(B2S, S_FULL, 0);
                    ShortVector h = ((ShortVector) b.vector(B_HALF, block + 16 + c).convertShape(B2S, S_FULL, 0))
                            .lanewise(LSHR, 2 * group);
                    IntVector p1 = q.and((short) 0x0F).or(h.and((short) 1).lanewise(LSHL, 4))
                            .mul(ShortVector.fromArray(S_FULL, codes, x1 + c)).reinterpretAsInts();
                    IntVector p2 = q.lanewise(LSHR, 4).and((short) 0x0F).or(h.and((short) 2).lanewise(LSHL, 3))
                            .mul(ShortVector.fromArray(S_FULL, codes, x1 + 32 + c)).reinterpretAsInts();
                    acc = acc.add(p1.add(p1.lanewise(LSHL, 16)).lanewise(ASHR, 16).mul(s1))
                            .add(p2.add(p2.lanewise(LSHL, 16)).lanewise(ASHR, 16).mul(s2));
                }
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 176;
                float d = b.f16(block);
                float dmin = b.f16(block + 2);
                for (int group = 0; group < 4; group++) {
                    int sm1 = b.scaleMin(block + 4, 2 * group);
                    int sm2 = b.scaleMin(block + 4, 2 * group + 1);
                    float d1 = d * (sm1 & 0xFF);
                    float m1 = dmin * (sm1 >>> 8);
                    float d2 = d * (sm2 & 0xFF);
                    float m2 = dmin * (sm2 >>> 8);
                    int ql = block + 48 + group * 32;
                    int out = dstOffset + k * 256 + group * 64;
                    for (int c = 0; c < 32; c += FLOATS) {
                        ByteVector q = b.vector(B, ql + c);
                        ByteVector h = b.vector(B, block + 16 + c).reinterpretAsLongs()
                                .lanewise(LSHR, 2 * group).reinterpretAsBytes();
                        ByteVector q1 = q.and((byte) 0x0F).or(h.and((byte) 1).reinterpretAsLongs().lanewise(LSHL, 4)
                                .reinterpretAsBytes());
                        ByteVector q2 = q.reinterpretAsLongs().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                                .or(h.and((byte) 2).reinterpretAsLongs().lanewise(LSHL, 3)
                                .reinterpretAsBytes());
                        ((FloatVector) q1.convertShape(B2F, F, 0)).mul(d1).sub(m1).intoArray(dst, out + c);
                        ((FloatVector) q2.convertShape(B2F, F, 0)).mul(d2).sub(m2).intoArray(dst, out + 32 + c);
                    }
                }
            }
        }
    }

    /**
     * Q2_K, 84 bytes: {@code scales[16]} (low nibble scale, high nibble min), {@code qs[64]}, {@code d},
     * {@code dmin}. Each 128-value half reads its 32 quant bytes four times, two bits further each time; every 16
     * values have their own scale and min. Value = d·scale·q − dmin·min.
     */
    static final RowKernel Q2_K = new Q2KRows();

    /** Q2_K rows (a named class, so that profiles name the type). */
    private static final class Q2KRows extends BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 256 * 84;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 84;
                float d = b.f16(block + 80);
                float dmin = b.f16(block + 82);
                int xv = xOffset + k * 256;
                // The sixteen scale bytes as two words, read once (a byte read each costs a bounds check in the loop).
                long scales0 = b.int64(block);
                long scales8 = b.int64(block + 8);
                int scale = 0;
                for (int half = 0; half < 2; half++) {
                    int qs = block + 16 + half * 32;
                    for (int shift = 0; shift < 8; shift += 2) {
                        for (int part = 0; part < 2; part++) {
                            FloatVector qx = FloatVector.zero(F);
                            FloatVector sx = FloatVector.zero(F);
                            for (int c = 0; c < 16; c += FLOATS) {
                                ByteVector q = b.vector(B, qs + part * 16 + c).reinterpretAsLongs()
                                        .lanewise(LSHR, shift).reinterpretAsBytes()
                                        .and((byte) 3);
                                FloatVector xs = FloatVector.fromArray(F, x, xv + c);
                                qx = ((FloatVector) q.convertShape(B2F, F, 0)).fma(xs, qx);
                                sx = sx.add(xs);
                            }
                            int sc = (int) ((scale < 8 ? scales0 : scales8) >>> (8 * (scale & 7))) & 0xFF;
                            scale++;
                            acc = qx.fma(FloatVector.broadcast(F, d * (sc & 0x0F)), acc);
                            acc = sx.fma(FloatVector.broadcast(F, -dmin * (sc >>> 4)), acc);
                            xv += 16;
                        }
                    }
                }
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 84;
                float d = b.f16(block + 80);
                float dmin = b.f16(block + 82);
                int out = dstOffset + k * 256;
                // The sixteen scale bytes as two words, read once (a byte read each costs a bounds check in the loop).
                long scales0 = b.int64(block);
                long scales8 = b.int64(block + 8);
                int scale = 0;
                for (int half = 0; half < 2; half++) {
                    int qs = block + 16 + half * 32;
                    for (int shift = 0; shift < 8; shift += 2) {
                        for (int part = 0; part < 2; part++) {
                            int sc = (int) ((scale < 8 ? scales0 : scales8) >>> (8 * (scale & 7))) & 0xFF;
                            scale++;
                            float dl = d * (sc & 0x0F);
                            float ml = dmin * (sc >>> 4);
                            for (int c = 0; c < 16; c += FLOATS) {
                                ByteVector q = b.vector(B, qs + part * 16 + c).reinterpretAsLongs()
                                        .lanewise(LSHR, shift).reinterpretAsBytes()
                                        .and((byte) 3);
                                ((FloatVector) q.convertShape(B2F, F, 0)).mul(dl).sub(ml).intoArray(dst, out + c);
                            }
                            out += 16;
                        }
                    }
                }
            }
        }
    }

    /**
     * Q3_K, 110 bytes: {@code hmask[32]} (third bit, set means "no −4"), {@code qs[64]} (low 2 bits, laid out as in
     * Q2_K), {@code scales[12]} (sixteen 6-bit scales biased by 32), {@code d}. Value = d·(scale − 32)·(q − 4 + 4·h).
     */
    static final RowKernel Q3_K = new Q3KRows();

    /** Q3_K rows (a named class, so that profiles name the type). */
    private static final class Q3KRows extends BlockRowKernel {
        @Override
        int rowBytes(int n) {
            return n / 256 * 110;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 110;
                float d = b.f16(block + 108);
                int xv = xOffset + k * 256;
                int scale = 0;
                long scalesLow = b.int64(block + 96);
                int scalesHigh = b.int32(block + 104);
                for (int half = 0; half < 2; half++) {
                    int qs = block + 32 + half * 32;
                    for (int j = 0; j < 4; j++) {
                        int bit = half * 4 + j;
                        for (int part = 0; part < 2; part++) {
                            FloatVector sum = FloatVector.zero(F);
                            for (int c = 0; c < 16; c += FLOATS) {
                                int i = part * 16 + c;
                                ByteVector low = b.vector(B, qs + i).reinterpretAsLongs()
                                        .lanewise(LSHR, 2 * j).reinterpretAsBytes().and((byte) 3);
                                ByteVector high = b.vector(B, block + i).reinterpretAsLongs()
                                        .lanewise(LSHR, bit).reinterpretAsBytes().and((byte) 1)
                                        .reinterpretAsLongs().lanewise(LSHL, 2).reinterpretAsBytes();
                                FloatVector q = (FloatVector) low.or(high).sub((byte) 4).convertShape(B2F, F, 0);
                                sum = q.fma(FloatVector.fromArray(F, x, xv + c), sum);
                            }
                            float dl = d * (q3Scale(scalesLow, scalesHigh, scale++) - 32);
                            acc = sum.fma(FloatVector.broadcast(F, dl), acc);
                            xv += 16;
                        }
                    }
                }
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(WeightBytes b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 256; k++) {
                int block = base + k * 110;
                float d = b.f16(block + 108);
                int out = dstOffset + k * 256;
                int scale = 0;
                long scalesLow = b.int64(block + 96);
                int scalesHigh = b.int32(block + 104);
                for (int half = 0; half < 2; half++) {
                    int qs = block + 32 + half * 32;
                    for (int j = 0; j < 4; j++) {
                        int bit = half * 4 + j;
                        for (int part = 0; part < 2; part++) {
                            float dl = d * (q3Scale(scalesLow, scalesHigh, scale++) - 32);
                            for (int c = 0; c < 16; c += FLOATS) {
                                int i = part * 16 + c;
                                ByteVector low = b.vector(B, qs + i).reinterpretAsLongs()
                                        .lanewise(LSHR, 2 * j).reinterpretAsBytes().and((byte) 3);
                                ByteVector high = b.vector(B, block + i).reinterpretAsLongs()
                                        .lanewise(LSHR, bit).reinterpretAsBytes().and((byte) 1)
                                        .reinterpretAsLongs().lanewise(LSHL, 2).reinterpretAsBytes();
                                ((FloatVector) low.or(high).sub((byte) 4).convertShape(B2F, F, 0)).mul(dl)
                                        .intoArray(dst, out + c);
                            }
                            out += 16;
                        }
                    }
                }
            }
        }
    }

    /** The sums of x over each 32 values of the row, into {@code scratch}'s float array. */
    static float[] xSums(float[] x, int xOffset, int n, Scratch scratch) {
        return xSums(x, xOffset, n, scratch.floats(n / 32));
    }

    /** The sums of x over each 32 values of the row, into {@code sums}. */
    static float[] xSums(float[] x, int xOffset, int n, float[] sums) {
        for (int j = 0; j < n / 32; j++) {
            FloatVector v = FloatVector.zero(F);
            for (int c = 0; c < 32; c += FLOATS) {
                v = v.add(FloatVector.fromArray(F, x, xOffset + j * 32 + c));
            }
            sums[j] = v.reduceLanes(ADD);
        }
        return sums;
    }

    /**
     * Q3_K scale {@code j} (0–15, biased by 32) from the 12 scale bytes read as a 64- and a 32-bit word (once per
     * super-block): low 4 bits in byte j % 8 (nibble j / 8), high 2 bits in byte 8 + j % 4.
     */
    static int q3Scale(long scalesLow, int scalesHigh, int j) {
        int lowByte = (int) (scalesLow >>> (8 * (j & 7))) & 0xFF;
        int low = j < 8 ? lowByte & 0x0F : lowByte >>> 4;
        int high = ((scalesHigh >>> (8 * (j & 3))) >>> (2 * (j / 4))) & 3;
        return low | (high << 4);
    }
}
