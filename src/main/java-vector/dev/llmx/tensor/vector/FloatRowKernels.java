package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static dev.llmx.tensor.vector.Lanes.I;

/**
 * Rows of plain numbers, F32, F16 and BF16, loaded as vectors where they lie: weights from the mapped file
 * ({@link WeightBytes}), the KV cache's rows from its heap pages (array loads: a cached row is a head's 64 or 128
 * values, too short to pay for a memory segment per call); 16-bit floats are widened in vector registers.
 */
final class FloatRowKernels {
    /** The bytes of one vector of floats ({@link Lanes#F}'s shape) and of one vector of shorts ({@link Lanes#S}'s). */
    private static final VectorSpecies<Byte> BF = VectorSpecies.of(byte.class, F.vectorShape());
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, Lanes.S.vectorShape());
    /** Little-endian shorts and ints of a heap row, for the tail past the last whole vector. */
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private FloatRowKernels() {
    }

    /**
     * A row of plain numbers where it lies: a heap page is read through its array (from the page's array offset),
     * anything else through {@link WeightBytes}. The subclasses give the two loops, which return scalars, so no
     * vector crosses these calls.
     */
    private abstract static class PlainRowKernel implements RowKernel {
        /** Bytes per value: 4 or 2. */
        abstract int valueBytes();

        abstract float dot(byte[] a, int base, float[] x, int xOffset, int n);

        abstract float dot(WeightBytes b, int base, float[] x, int xOffset, int n);

        abstract void decode(byte[] a, int base, float[] dst, int dstOffset, int n);

        abstract void decode(WeightBytes b, float[] dst, int dstOffset, int n);

        @Override
        public final float dot(ByteBuffer row, int offset, float[] x, int xOffset, int n, Scratch scratch) {
            if (row.hasArray()) {
                return dot(row.array(), row.arrayOffset() + offset, x, xOffset, n);
            }
            return dot(WeightBytes.of(row, offset, n * valueBytes()), 0, x, xOffset, n);
        }

        @Override
        public final void dotRows(ByteBuffer buffer, int offset, int rowBytes, int rows, float[] x, int xOffset,
                                  int n, float[] out, int outOffset, Scratch scratch) {
            if (buffer.hasArray()) {
                int base = buffer.arrayOffset() + offset;
                for (int r = 0; r < rows; r++) {
                    out[outOffset + r] = dot(buffer.array(), base + r * rowBytes, x, xOffset, n);
                }
                return;
            }
            WeightBytes b = WeightBytes.of(buffer, offset, rows * rowBytes);
            for (int r = 0; r < rows; r++) {
                out[outOffset + r] = dot(b, r * rowBytes, x, xOffset, n);
            }
        }

        @Override
        public final void decode(ByteBuffer row, int offset, float[] dst, int dstOffset, int n, Scratch scratch) {
            if (row.hasArray()) {
                decode(row.array(), row.arrayOffset() + offset, dst, dstOffset, n);
            } else {
                decode(WeightBytes.of(row, offset, n * valueBytes()), dst, dstOffset, n);
            }
        }
    }

    static final RowKernel F32 = new PlainRowKernel() {
        @Override
        int valueBytes() {
            return 4;
        }

        @Override
        float dot(byte[] a, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                acc = ByteVector.fromArray(BF, a, base + 4 * i).reinterpretAsFloats()
                        .fma(FloatVector.fromArray(F, x, xOffset + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += Float.intBitsToFloat((int) INTS.get(a, base + 4 * i)) * x[xOffset + i];
            }
            return sum;
        }

        @Override
        float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            int i = 0;
            for (; i + 2 * FLOATS <= n; i += 2 * FLOATS) {
                acc0 = b.floats(F, base + 4 * i).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
                acc1 = b.floats(F, base + 4 * (i + FLOATS)).fma(FloatVector.fromArray(F, x, xOffset + i + FLOATS),
                        acc1);
            }
            for (; i + FLOATS <= n; i += FLOATS) {
                acc0 = b.floats(F, base + 4 * i).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
            }
            float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += b.f32(base + 4 * i) * x[xOffset + i];
            }
            return sum;
        }

        @Override
        void decode(byte[] a, int base, float[] dst, int dstOffset, int n) {
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                ByteVector.fromArray(BF, a, base + 4 * i).reinterpretAsFloats().intoArray(dst, dstOffset + i);
            }
            for (; i < n; i++) {
                dst[dstOffset + i] = Float.intBitsToFloat((int) INTS.get(a, base + 4 * i));
            }
        }

        @Override
        void decode(WeightBytes b, float[] dst, int dstOffset, int n) {
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                b.floats(F, 4 * i).intoArray(dst, dstOffset + i);
            }
            for (; i < n; i++) {
                dst[dstOffset + i] = b.f32(4 * i);
            }
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

    /** 16-bit floats: {@link Lanes#FLOATS} of them loaded as shorts, then widened. */
    private abstract static class HalfRowKernel extends PlainRowKernel {
        @Override
        final int valueBytes() {
            return 2;
        }

        abstract FloatVector widen(ShortVector h);

        abstract float widen(short h);

        @Override
        final float dot(byte[] a, int base, float[] x, int xOffset, int n) {
            FloatVector acc = FloatVector.zero(F);
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                acc = widen(ByteVector.fromArray(BS, a, base + 2 * i).reinterpretAsShorts())
                        .fma(FloatVector.fromArray(F, x, xOffset + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += widen((short) SHORTS.get(a, base + 2 * i)) * x[xOffset + i];
            }
            return sum;
        }

        @Override
        final float dot(WeightBytes b, int base, float[] x, int xOffset, int n) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            int i = 0;
            for (; i + 2 * FLOATS <= n; i += 2 * FLOATS) {
                acc0 = widen(b.shorts(Lanes.S, base + 2 * i)).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
                acc1 = widen(b.shorts(Lanes.S, base + 2 * (i + FLOATS)))
                        .fma(FloatVector.fromArray(F, x, xOffset + i + FLOATS), acc1);
            }
            for (; i + FLOATS <= n; i += FLOATS) {
                acc0 = widen(b.shorts(Lanes.S, base + 2 * i)).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
            }
            float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum += widen(b.int16(base + 2 * i)) * x[xOffset + i];
            }
            return sum;
        }

        @Override
        final void decode(byte[] a, int base, float[] dst, int dstOffset, int n) {
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                widen(ByteVector.fromArray(BS, a, base + 2 * i).reinterpretAsShorts()).intoArray(dst, dstOffset + i);
            }
            for (; i < n; i++) {
                dst[dstOffset + i] = widen((short) SHORTS.get(a, base + 2 * i));
            }
        }

        @Override
        final void decode(WeightBytes b, float[] dst, int dstOffset, int n) {
            int i = 0;
            for (; i + FLOATS <= n; i += FLOATS) {
                widen(b.shorts(Lanes.S, 2 * i)).intoArray(dst, dstOffset + i);
            }
            for (; i < n; i++) {
                dst[dstOffset + i] = widen(b.int16(2 * i));
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
}
