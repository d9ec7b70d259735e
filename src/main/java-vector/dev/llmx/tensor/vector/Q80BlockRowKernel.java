package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.Q80Activations;
import dev.llmx.tensor.kernel.Q80RowKernel;
import dev.llmx.tensor.kernel.Scratch;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;

/**
 * A block-row kernel that also takes Q8_0 codes ({@link Q80Activations}): the 32-value types whose dot products ggml
 * computes in integers. Its kernels work on 256-bit vectors whatever the preferred size, which every CPU the vector
 * kernels run on has: a block's 16 quant bytes widen to 16 shorts, so a block is two 16-lane multiplies (values
 * 0–15 and 16–31) added in 16-bit lanes, summed in pairs into eight int lanes (values 2i, 2i + 1, 16 + 2i and
 * 17 + 2i each; ggml's lanes hold 4i to 4i + 3), converted and multiplied by the block's d_w·d_x once into eight
 * float lanes, which {@link #laneSum} adds in a fixed order.
 */
abstract class Q80BlockRowKernel extends BlockRowKernel implements Q80RowKernel {
    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    @Override
    public final void dotRowsQ80(ByteBuffer buffer, int offset, int rowBytes, int rows, Q80Activations x, float[] out,
                                 int outOffset, Scratch scratch) {
        WeightBytes b = WeightBytes.of(buffer, offset, rows * rowBytes);
        for (int r = 0; r < rows; r++) {
            out[outOffset + r] = dotCodes(b, r * rowBytes, x, x.length());
        }
    }

    /** The dot product of the row at {@code b[base…]} with the Q8_0 activations. */
    abstract float dotCodes(WeightBytes b, int base, Q80Activations x, int n);

    /**
     * The eight lanes' sum in the order of ggml's {@code hsum_float_8}: lane i added to lane i + 4, then those four
     * as (0 + 2) + (1 + 3). {@code reduceLanes(ADD)}'s order is the JDK's (lane by lane on 17, another on 25, and
     * another again before C2 compiles the call), so its last bit would depend on the JDK and on the moment.
     */
    static float laneSum(FloatVector v) {
        float r0 = v.lane(0) + v.lane(4);
        float r1 = v.lane(1) + v.lane(5);
        float r2 = v.lane(2) + v.lane(6);
        float r3 = v.lane(3) + v.lane(7);
        return (r0 + r2) + (r1 + r3);
    }
}
