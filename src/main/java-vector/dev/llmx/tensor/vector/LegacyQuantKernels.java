package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.nio.ByteBuffer;

import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;

/**
 * Q8_0 and Q4_0: 32-value blocks with one F16 scale. A load of {@link Lanes#FLOATS} quantized bytes widens to one
 * float vector; a block's products are summed in a vector and scaled once.
 */
final class LegacyQuantKernels {
    private LegacyQuantKernels() {
    }

    static FloatVector widen(ByteVector q) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, 0);
    }

    /** {@code d, qs[32]}: value = q × d. */
    static final RowKernel Q8_0 = new RowKernel() {
        @Override
        public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            int blocks = n / 32;
            byte[] b = scratch.bytes(blocks * 34);
            row.get(offset, b, 0, blocks * 34);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < blocks; k++) {
                int q = k * 34 + 2;
                int xb = xOffset + k * 32;
                FloatVector sum = widen(Lanes.bytes(b, q)).mul(FloatVector.fromArray(F, x, xb));
                for (int c = FLOATS; c < 32; c += FLOATS) {
                    sum = widen(Lanes.bytes(b, q + c)).fma(FloatVector.fromArray(F, x, xb + c), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, Lanes.f16(b, k * 34)), acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        @Override
        public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            int blocks = n / 32;
            byte[] b = scratch.bytes(blocks * 34);
            row.get(offset, b, 0, blocks * 34);
            for (int k = 0; k < blocks; k++) {
                FloatVector d = FloatVector.broadcast(F, Lanes.f16(b, k * 34));
                for (int c = 0; c < 32; c += FLOATS) {
                    widen(Lanes.bytes(b, k * 34 + 2 + c)).mul(d).intoArray(dst, dstOffset + k * 32 + c);
                }
            }
        }
    };

    /** {@code d, qs[16]}: byte j holds value j in its low nibble and value j + 16 in its high; value = (q − 8) × d. */
    static final RowKernel Q4_0 = new RowKernel() {
        @Override
        public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            int blocks = n / 32;
            byte[] b = scratch.bytes(blocks * 18 + FLOATS);
            row.get(offset, b, 0, blocks * 18);
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < blocks; k++) {
                int qs = k * 18 + 2;
                int xb = xOffset + k * 32;
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = Lanes.bytes(b, qs + c);
                    sum = low(q).fma(FloatVector.fromArray(F, x, xb + c), sum);
                    sum = high(q).fma(FloatVector.fromArray(F, x, xb + 16 + c), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, Lanes.f16(b, k * 18)), acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        @Override
        public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            int blocks = n / 32;
            byte[] b = scratch.bytes(blocks * 18 + FLOATS);
            row.get(offset, b, 0, blocks * 18);
            for (int k = 0; k < blocks; k++) {
                FloatVector d = FloatVector.broadcast(F, Lanes.f16(b, k * 18));
                int out = dstOffset + k * 32;
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = Lanes.bytes(b, k * 18 + 2 + c);
                    low(q).mul(d).intoArray(dst, out + c);
                    high(q).mul(d).intoArray(dst, out + 16 + c);
                }
            }
        }
    };

    private static FloatVector low(ByteVector q) {
        return widen(q.and((byte) 0x0F).sub((byte) 8));
    }

    private static FloatVector high(ByteVector q) {
        return widen(q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8));
    }
}
