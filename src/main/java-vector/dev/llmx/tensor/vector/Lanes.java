package dev.llmx.tensor.vector;

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

    private Lanes() {
    }
}
