package dev.llmx.tensor.kernel;

import dev.llmx.tensor.GgmlType;

/** The plain-Java kernels: fused scalar dot products for the common types, the generic path for the rest. */
final class ScalarKernels extends Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String description() {
        return "scalar";
    }

    @Override
    public FloatOps floats() {
        return ScalarFloatOps.INSTANCE;
    }

    @Override
    protected RowKernel fastKernel(GgmlType type) {
        return switch (type) {
            case F32 -> ScalarRowKernels.kernel(type, ScalarRowKernels::f32);
            case F16 -> ScalarRowKernels.kernel(type, ScalarRowKernels::f16);
            case BF16 -> ScalarRowKernels.kernel(type, ScalarRowKernels::bf16);
            case Q8_0 -> ScalarRowKernels.kernel(type, ScalarRowKernels::q8_0);
            case Q4_0 -> ScalarRowKernels.kernel(type, ScalarRowKernels::q4_0);
            case Q4_K -> ScalarRowKernels.kernel(type, ScalarRowKernels::q4_K);
            case Q6_K -> ScalarRowKernels.kernel(type, ScalarRowKernels::q6_K);
            default -> null;
        };
    }
}
