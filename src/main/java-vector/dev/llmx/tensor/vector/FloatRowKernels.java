package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.nio.ByteBuffer;

import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static dev.llmx.tensor.vector.Lanes.I;

/** Rows of plain numbers: F32 (copied as floats), F16 and BF16 (copied as shorts, widened in vector registers). */
final class FloatRowKernels {
    private FloatRowKernels() {
    }

    static final RowKernel F32 = new RowKernel() {
        @Override
        public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            float[] w = scratch.floats(n);
            copyFloats(row, offset, w, 0, n);
            return VectorFloatOps.INSTANCE.dot(w, 0, x, xOffset, n);
        }

        @Override
        public void dotRows(ByteBuffer buffer, int offset, int rowBytes, int rows, float[] x, int xOffset, int n,
                            float[] out, int outOffset, Scratch scratch) {
            float[] w = scratch.floats(rows * n);
            copyFloats(buffer, offset, w, 0, rows * n);
            for (int r = 0; r < rows; r++) {
                out[outOffset + r] = VectorFloatOps.INSTANCE.dot(w, r * n, x, xOffset, n);
            }
        }

        @Override
        public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            copyFloats(row, offset, dst, dstOffset, n);
        }
    };

    static final RowKernel F16 = new HalfRowKernel() {
        @Override
        FloatVector widen(ShortVector h) {
            return f16ToFloats(h);
        }

        @Override
        float widen(short h) {
            return dev.llmx.tensor.HalfFloat.f16ToFloat(h);
        }
    };

    static final RowKernel BF16 = new HalfRowKernel() {
        @Override
        FloatVector widen(ShortVector h) {
            // bfloat16 is the upper half of a float: shift into place (the sign extension of S2I shifts out).
            return ((IntVector) h.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
        }

        @Override
        float widen(short h) {
            return dev.llmx.tensor.HalfFloat.bf16ToFloat(h);
        }
    };

    /** 16-bit floats: the row is copied as shorts, then widened {@link Lanes#FLOATS} at a time. */
    private abstract static class HalfRowKernel implements RowKernel {
        abstract FloatVector widen(ShortVector h);

        abstract float widen(short h);

        @Override
        public float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            short[] h = scratch.shorts(n);
            copyShorts(row, offset, h, n);
            return dot(h, 0, x, xOffset, n);
        }

        @Override
        public void dotRows(ByteBuffer buffer, int offset, int rowBytes, int rows, float[] x, int xOffset, int n,
                            float[] out, int outOffset, Scratch scratch) {
            short[] h = scratch.shorts(rows * n);
            copyShorts(buffer, offset, h, rows * n);
            for (int r = 0; r < rows; r++) {
                out[outOffset + r] = dot(h, r * n, x, xOffset, n);
            }
        }

        private float dot(short[] h, int base, float[] x, int xOffset, int n) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            int i = 0;
            for (; i + 2 * FLOATS <= n; i += 2 * FLOATS) {
                acc0 = widen(ShortVector.fromArray(Lanes.S, h, base + i)).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
                acc1 = widen(ShortVector.fromArray(Lanes.S, h, base + i + FLOATS)).fma(FloatVector.fromArray(F, x, xOffset + i + FLOATS),
                        acc1);
            }
            for (; i + FLOATS <= n; i += FLOATS) {
                acc0 = widen(ShortVector.fromArray(Lanes.S, h, base + i)).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
            }
            float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += widen(h[base + i]) * x[xOffset + i];
            }
            return sum;
        }

        @Override
        public void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            short[] h = scratch.shorts(n);
            copyShorts(row, offset, h, n);
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                widen(ShortVector.fromArray(Lanes.S, h, i)).intoArray(dst, dstOffset + i);
            }
            for (; i < n; i++) {
                dst[dstOffset + i] = widen(h[i]);
            }
        }
    }

    /**
     * IEEE half → float on whole vectors: the half's exponent and mantissa, shifted into a float's places, are the
     * value × 2⁻¹¹² (for subnormal halves too, which become subnormal floats), so one multiply by 2¹¹² rebiases
     * both; infinities and NaNs (all-ones exponent) get a float's all-ones exponent instead; the sign is put back.
     */
    static FloatVector f16ToFloats(ShortVector h) {
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        IntVector shifted = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector magnitude = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> special = bits.and(0x7C00).eq(0x7C00);
        return magnitude.blend(shifted.or(0x7F800000), special)
                .or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    static void copyFloats(ByteBuffer row, int offset, float[] dst, int dstOffset, int n) {
        if ((offset & 3) == 0) {
            row.asFloatBuffer().get(offset >> 2, dst, dstOffset, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = row.getFloat(offset + 4 * i);
            }
        }
    }

    static void copyShorts(ByteBuffer row, int offset, short[] dst, int n) {
        if ((offset & 1) == 0) {
            row.asShortBuffer().get(offset >> 1, dst, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[i] = row.getShort(offset + 2 * i);
            }
        }
    }
}
