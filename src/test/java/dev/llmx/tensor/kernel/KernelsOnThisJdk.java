package dev.llmx.tensor.kernel;

import dev.llmx.tensor.GgmlType;

/**
 * {@link KernelsTest}'s checks as a program, for the JDKs Maven does not run the tests on: the Vector API kernels load
 * their vectors from the mapped file in a way that differs between JDKs ({@code WeightBytes}: a {@code ByteBuffer}
 * on 17, a {@code MemorySegment} on 22 and later), and the launcher runs the newest JDK installed, so
 * {@code KernelsOnOtherJdksIT} runs this with each of them. Prints one line and exits 0 when every check passes;
 * a failed check is an {@link AssertionError} (exit 1).
 */
public final class KernelsOnThisJdk {
    private static final String[] TYPES = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K",
        "Q3_K", "Q4_K", "Q5_K", "Q6_K", "IQ4_NL", "IQ4_XS", "MXFP4"};

    private KernelsOnThisJdk() {
    }

    public static void main(String[] args) {
        if (Kernels.vector().isEmpty()) {
            throw new AssertionError("the Vector API kernels do not load on Java " + Runtime.version());
        }
        KernelsTest test = new KernelsTest();
        for (String name : TYPES) {
            GgmlType type = GgmlType.valueOf(name);
            test.dotProductsAndDecodingMatchTheReferenceDecoder(type);
            test.matrixTimesMatrixEqualsMatrixTimesEachVector(type);
            if (type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.BF16) {
                test.floatRowsOnTheHeapAndMappedGiveTheSameValues(type);
            }
            if (type == GgmlType.Q4_K || type == GgmlType.Q5_K || type == GgmlType.Q6_K) {
                test.q8kCodesGiveTheDotWithTheRoundedActivations(type);
            }
        }
        System.out.println("kernels ok on Java " + Runtime.version() + ": " + Kernels.vector().get().description());
    }
}
