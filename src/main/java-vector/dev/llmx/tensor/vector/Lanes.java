package dev.llmx.tensor.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species, chosen once: floats fill the CPU's preferred vector (16 lanes with AVX-512, 8 with AVX2), and
 * bytes, shorts and ints come in the same lane count, so that one load of {@link #FLOATS} quantized values widens
 * to exactly one float vector.
 */
final class Lanes {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int FLOATS = F.length();
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, FLOATS * 16)));
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS * 8)));
    /**
     * For integer kernels: shorts filling the preferred vector ({@link #SHORTS} = 2 × {@link #FLOATS} lanes), the bytes
     * that widen to them, and ints of the same size (a pair of short lanes summed into each int lane).
     */
    static final VectorSpecies<Short> S_FULL = VectorSpecies.of(short.class, VectorShape.forBitSize(FLOATS * 32));
    static final int SHORTS = S_FULL.length();
    static final VectorSpecies<Byte> B_HALF = VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS * 16));

    /** Doubles filling the preferred vector, and the floats that widen to them (half the float lanes). */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> F_HALF = VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));

    private Lanes() {
    }
}
