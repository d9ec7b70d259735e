package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import static dev.llmx.tensor.vector.Lanes.B;
import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHR;

/**
 * Q8_0 and Q4_0: 32-value blocks with one F16 scale. A load of {@link Lanes#FLOATS} quantized bytes widens to one
 * float vector; a block's products are summed in a vector and scaled once.
 *
 * <p>The vector code is written out in each loop rather than in small helper methods: a vector that crosses a call
 * the JIT does not inline is boxed into an object, which costs more than the arithmetic.
 */
final class LegacyQuantKernels {
    private LegacyQuantKernels() {
    }

    /** {@code d, qs[32]}: value = q × d. */
    static final RowKernel Q8_0 = new BlockRowKernel() {
        @Override
        int rowBytes(int n) {
            return n / 32 * 34;
        }

        @Override
        float dot(byte[] b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 34;
                int xb = xOffset + k * 32;
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < 32; c += FLOATS) {
                    FloatVector q = (FloatVector) ByteVector.fromArray(B, b, block + 2 + c).convertShape(B2F, F, 0);
                    sum = q.fma(FloatVector.fromArray(F, x, xb + c), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, Lanes.f16(b, block)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(byte[] b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 34;
                FloatVector d = FloatVector.broadcast(F, Lanes.f16(b, block));
                for (int c = 0; c < 32; c += FLOATS) {
                    FloatVector q = (FloatVector) ByteVector.fromArray(B, b, block + 2 + c).convertShape(B2F, F, 0);
                    q.mul(d).intoArray(dst, dstOffset + k * 32 + c);
                }
            }
        }
    };

    /** {@code d, qs[16]}: byte j holds value j in its low nibble and value j + 16 in its high; value = (q − 8) × d. */
    static final RowKernel Q4_0 = new BlockRowKernel() {
        @Override
        int rowBytes(int n) {
            return n / 32 * 18;
        }

        @Override
        float dot(byte[] b, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                int xb = xOffset + k * 32;
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = ByteVector.fromArray(B, b, block + 2 + c);
                    FloatVector low = (FloatVector) q.and((byte) 0x0F).sub((byte) 8).convertShape(B2F, F, 0);
                    FloatVector high = (FloatVector) q.lanewise(LSHR, 4).sub((byte) 8).convertShape(B2F, F, 0);
                    sum = low.fma(FloatVector.fromArray(F, x, xb + c), sum);
                    sum = high.fma(FloatVector.fromArray(F, x, xb + 16 + c), sum);
                }
                acc = sum.fma(FloatVector.broadcast(F, Lanes.f16(b, block)), acc);
            }
            return acc.reduceLanes(ADD);
        }

        @Override
        void decode(byte[] b, int base, float[] dst, int dstOffset, int n) {
            for (int k = 0; k < n / 32; k++) {
                int block = base + k * 18;
                FloatVector d = FloatVector.broadcast(F, Lanes.f16(b, block));
                int out = dstOffset + k * 32;
                for (int c = 0; c < 16; c += FLOATS) {
                    ByteVector q = ByteVector.fromArray(B, b, block + 2 + c);
                    FloatVector low = (FloatVector) q.and((byte) 0x0F).sub((byte) 8).convertShape(B2F, F, 0);
                    FloatVector high = (FloatVector) q.lanewise(LSHR, 4).sub((byte) 8).convertShape(B2F, F, 0);
                    low.mul(d).intoArray(dst, out + c);
                    high.mul(d).intoArray(dst, out + 16 + c);
                }
            }
        }
    };
}
