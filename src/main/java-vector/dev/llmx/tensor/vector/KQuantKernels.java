package dev.llmx.tensor.vector;

import dev.llmx.tensor.KQuantScales;
import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.nio.ByteBuffer;

import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;

/**
 * Q4_K and Q6_K: 256-value super-blocks whose sub-blocks (32 and 16 values) have their own integer scales. The
 * scales are applied to vector partial sums (never per value), and the min of Q4_K through the sum of x.
 */
final class KQuantKernels {
    private KQuantKernels() {
    }

    /**
     * Q4_K, 144 bytes: {@code d, dmin, scales[12], qs[128]}; group g's 32 bytes hold sub-block 2g in their low
     * nibbles and 2g + 1 in their high nibbles. Value = d·scale·q − dmin·min.
     */
    static final RowKernel Q4_K = new RowKernel() {
        @Override
        public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            int blocks = n / 256;
            byte[] b = scratch.bytes(blocks * 144);
            row.get(offset, b, 0, blocks * 144);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < blocks; k++) {
                int block = k * 144;
                float d = Lanes.f16(b, block);
                float dmin = Lanes.f16(b, block + 2);
                for (int group = 0; group < 4; group++) {
                    int qs = block + 16 + group * 32;
                    int x1 = xOffset + k * 256 + group * 64;
                    FloatVector qx1 = FloatVector.zero(F);
                    FloatVector qx2 = FloatVector.zero(F);
                    FloatVector sx1 = FloatVector.zero(F);
                    FloatVector sx2 = FloatVector.zero(F);
                    for (int c = 0; c < 32; c += FLOATS) {
                        ByteVector q = Lanes.bytes(b, qs + c);
                        FloatVector xa = FloatVector.fromArray(F, x, x1 + c);
                        FloatVector xb = FloatVector.fromArray(F, x, x1 + 32 + c);
                        qx1 = LegacyQuantKernels.widen(q.and((byte) 0x0F)).fma(xa, qx1);
                        qx2 = LegacyQuantKernels.widen(q.lanewise(VectorOperators.LSHR, 4)).fma(xb, qx2);
                        sx1 = sx1.add(xa);
                        sx2 = sx2.add(xb);
                    }
                    int sm1 = KQuantScales.scaleMin(b, block + 4, 2 * group);
                    int sm2 = KQuantScales.scaleMin(b, block + 4, 2 * group + 1);
                    acc = qx1.fma(Lanes.splat(d * (sm1 & 0xFF)), acc).add(sx1.mul(-dmin * (sm1 >>> 8)));
                    acc = qx2.fma(Lanes.splat(d * (sm2 & 0xFF)), acc).add(sx2.mul(-dmin * (sm2 >>> 8)));
                }
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        @Override
        public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            int blocks = n / 256;
            byte[] b = scratch.bytes(blocks * 144);
            row.get(offset, b, 0, blocks * 144);
            for (int k = 0; k < blocks; k++) {
                int block = k * 144;
                float d = Lanes.f16(b, block);
                float dmin = Lanes.f16(b, block + 2);
                for (int group = 0; group < 4; group++) {
                    int sm1 = KQuantScales.scaleMin(b, block + 4, 2 * group);
                    int sm2 = KQuantScales.scaleMin(b, block + 4, 2 * group + 1);
                    FloatVector d1 = FloatVector.broadcast(F, d * (sm1 & 0xFF));
                    FloatVector m1 = FloatVector.broadcast(F, dmin * (sm1 >>> 8));
                    FloatVector d2 = FloatVector.broadcast(F, d * (sm2 & 0xFF));
                    FloatVector m2 = FloatVector.broadcast(F, dmin * (sm2 >>> 8));
                    int qs = block + 16 + group * 32;
                    int out = dstOffset + k * 256 + group * 64;
                    for (int c = 0; c < 32; c += FLOATS) {
                        ByteVector q = Lanes.bytes(b, qs + c);
                        // Multiply, then subtract (not one fused step): the same roundings as ggml's decoder.
                        LegacyQuantKernels.widen(q.and((byte) 0x0F)).mul(d1).sub(m1).intoArray(dst, out + c);
                        LegacyQuantKernels.widen(q.lanewise(VectorOperators.LSHR, 4)).mul(d2).sub(m2)
                                .intoArray(dst, out + 32 + c);
                    }
                }
            }
        }
    };

    /**
     * Q6_K, 210 bytes: {@code ql[128], qh[64], scales[16] (int8), d}. Each 128-value half takes value l from the low
     * nibble of ql[l], l + 32 from ql[l + 32]'s low nibble, l + 64 and l + 96 from their high nibbles; qh[l] holds
     * the two top bits of all four. Value = d·scale·(q − 32), one scale per 16 values.
     */
    static final RowKernel Q6_K = new RowKernel() {
        @Override
        public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            int blocks = n / 256;
            byte[] b = scratch.bytes(blocks * 210);
            row.get(offset, b, 0, blocks * 210);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < blocks; k++) {
                int block = k * 210;
                float d = Lanes.f16(b, block + 208);
                for (int half = 0; half < 2; half++) {
                    int ql = block + half * 64;
                    int qh = block + 128 + half * 32;
                    int sc = block + 192 + half * 8;
                    int xh = xOffset + k * 256 + half * 128;
                    for (int l = 0; l < 32; l += FLOATS) {
                        ByteVector low0 = Lanes.bytes(b, ql + l);
                        ByteVector low32 = Lanes.bytes(b, ql + l + 32);
                        ByteVector high = Lanes.bytes(b, qh + l);
                        int is = sc + l / 16;
                        acc = q1(low0, high).mul(FloatVector.fromArray(F, x, xh + l)).fma(Lanes.splat(d * b[is]), acc);
                        acc = q2(low32, high).mul(FloatVector.fromArray(F, x, xh + l + 32))
                                .fma(Lanes.splat(d * b[is + 2]), acc);
                        acc = q3(low0, high).mul(FloatVector.fromArray(F, x, xh + l + 64))
                                .fma(Lanes.splat(d * b[is + 4]), acc);
                        acc = q4(low32, high).mul(FloatVector.fromArray(F, x, xh + l + 96))
                                .fma(Lanes.splat(d * b[is + 6]), acc);
                    }
                }
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        @Override
        public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            int blocks = n / 256;
            byte[] b = scratch.bytes(blocks * 210);
            row.get(offset, b, 0, blocks * 210);
            for (int k = 0; k < blocks; k++) {
                int block = k * 210;
                float d = Lanes.f16(b, block + 208);
                for (int half = 0; half < 2; half++) {
                    int ql = block + half * 64;
                    int qh = block + 128 + half * 32;
                    int sc = block + 192 + half * 8;
                    int out = dstOffset + k * 256 + half * 128;
                    for (int l = 0; l < 32; l += FLOATS) {
                        ByteVector low0 = Lanes.bytes(b, ql + l);
                        ByteVector low32 = Lanes.bytes(b, ql + l + 32);
                        ByteVector high = Lanes.bytes(b, qh + l);
                        int is = sc + l / 16;
                        q1(low0, high).mul(d * b[is]).intoArray(dst, out + l);
                        q2(low32, high).mul(d * b[is + 2]).intoArray(dst, out + l + 32);
                        q3(low0, high).mul(d * b[is + 4]).intoArray(dst, out + l + 64);
                        q4(low32, high).mul(d * b[is + 6]).intoArray(dst, out + l + 96);
                    }
                }
            }
        }
    };

    // The four 6-bit values at a Q6_K byte position, centred (− 32), as floats: a low or high nibble of ql joined
    // with two bits of qh brought to bits 4–5 by a mask and at most one shift.

    private static FloatVector q1(ByteVector low0, ByteVector high) {
        return centred(low0.and((byte) 0x0F).or(high.and((byte) 0x03).lanewise(VectorOperators.LSHL, 4)));
    }

    private static FloatVector q2(ByteVector low32, ByteVector high) {
        return centred(low32.and((byte) 0x0F).or(high.and((byte) 0x0C).lanewise(VectorOperators.LSHL, 2)));
    }

    private static FloatVector q3(ByteVector low0, ByteVector high) {
        return centred(low0.lanewise(VectorOperators.LSHR, 4).or(high.and((byte) 0x30)));
    }

    private static FloatVector q4(ByteVector low32, ByteVector high) {
        return centred(low32.lanewise(VectorOperators.LSHR, 4)
                .or(high.and((byte) 0xC0).lanewise(VectorOperators.LSHR, 2)));
    }

    private static FloatVector centred(ByteVector q) {
        return LegacyQuantKernels.widen(q.sub((byte) 32));
    }
}
