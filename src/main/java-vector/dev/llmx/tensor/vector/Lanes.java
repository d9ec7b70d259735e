package dev.llmx.tensor.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The vector species, chosen once: floats fill the CPU's preferred vector (16 lanes with AVX-512, 8 with AVX2), and
 * bytes, shorts and ints come in the same lane count, so that one load of {@link #FLOATS} quantized values widens
 * to exactly one float vector.
 *
 * <p>Only scalar helpers live here: kernels call the Vector API directly (see {@link LegacyQuantKernels}).
 */
final class Lanes {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int FLOATS = F.length();
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, FLOATS * 16)));
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS * 8)));

    private Lanes() {
    }

    /** Little-endian shorts and ints read from a byte array in one load each (no byte-by-byte assembly). */
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** A little-endian F16 value at {@code at} of a copied row, as a float. */
    static float f16(byte[] bytes, int at) {
        return dev.llmx.tensor.HalfFloat.f16ToFloat((short) SHORTS.get(bytes, at));
    }

    /** A little-endian 32-bit word at {@code at} of a copied row. */
    static int int32(byte[] bytes, int at) {
        return (int) INTS.get(bytes, at);
    }
}
