package dev.llmx.tensor.vector;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.RowKernel;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API kernels. Loaded by name from {@link Kernels#best()} only when the JVM has the incubator module,
 * so nothing else in llmx links against {@code jdk.incubator.vector}.
 *
 * <p>The kernels read the weights through {@link WeightBytes}: straight from the mapped file on JDK 22 and later (a
 * {@code MemorySegment}), from each run of rows copied into an array on 17 and 18.
 */
public final class VectorKernels extends Kernels {
    public VectorKernels() {
        // 128-bit vectors (4 floats) would need a second code shape for the byte loads and gain little over scalar;
        // Kernels.best() takes this refusal as "use the scalar set".
        if (Lanes.FLOATS < 8) {
            throw new IllegalStateException("this CPU's preferred vector is " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
                    + " bits; the Vector API kernels need 256 or more");
        }
        if (!WeightBytes.AVAILABLE) {
            throw new IllegalStateException(WeightBytes.UNAVAILABLE_REASON);
        }
    }

    @Override
    public String description() {
        return "Vector API " + Lanes.F.vectorBitSize() + "-bit";
    }

    @Override
    public FloatOps floats() {
        return VectorFloatOps.INSTANCE;
    }

    @Override
    protected RowKernel fastKernel(GgmlType type) {
        return switch (type) {
            case F32 -> FloatRowKernels.F32;
            case F16 -> FloatRowKernels.F16;
            case BF16 -> FloatRowKernels.BF16;
            case Q8_0 -> LegacyQuantKernels.Q8_0;
            case Q4_0 -> LegacyQuantKernels.Q4_0;
            case Q4_1 -> LegacyQuantKernels.Q4_1;
            case Q5_0 -> LegacyQuantKernels.Q5_0;
            case Q5_1 -> LegacyQuantKernels.Q5_1;
            case Q2_K -> KQuantKernels.Q2_K;
            case Q3_K -> KQuantKernels.Q3_K;
            case Q4_K -> KQuantKernels.Q4_K;
            case Q5_K -> KQuantKernels.Q5_K;
            case Q6_K -> KQuantKernels.Q6_K;
            case IQ4_NL -> NonLinearQuantKernels.IQ4_NL;
            case IQ4_XS -> NonLinearQuantKernels.IQ4_XS;
            case MXFP4 -> NonLinearQuantKernels.MXFP4;
            default -> null;
        };
    }
}
