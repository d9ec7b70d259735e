package dev.llmx.tensor.kernel;

import dev.llmx.tensor.GgmlType;

/**
 * {@link KernelsTest}'s checks as a program, for the JDKs Maven does not run the tests on: the Vector API kernels load
 * their vectors in a way that differs between JDKs ({@code WeightBytes}: from runs copied into arrays on 17, from
 * the mapped file as a {@code MemorySegment} on 22 and later), and the launcher runs the newest JDK installed, so
 * {@code KernelsOnOtherJdksIT} runs this with each of them. Prints one line naming the kernel set and exits 0 when
 * every check passes; a failed check is an {@link AssertionError} (exit 1).
 */
public final class KernelsOnThisJdk {
    private KernelsOnThisJdk() {
    }

    public static void main(String[] args) {
        KernelsTest test = new KernelsTest();
        for (GgmlType type : KernelsTest.kernelTypes()) {
            test.dotProductsAndDecodingMatchTheReferenceDecoder(type);
            test.matrixTimesMatrixEqualsMatrixTimesEachVector(type);
            if (type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.BF16) {
                test.floatRowsInHeapPagesGiveTheReferenceValues(type);
            }
            if (type == GgmlType.Q4_K || type == GgmlType.Q5_K || type == GgmlType.Q6_K) {
                test.q8kCodesGiveTheDotWithTheRoundedActivations(type);
            }
            if (type == GgmlType.Q4_0 || type == GgmlType.Q4_1 || type == GgmlType.Q5_0 || type == GgmlType.Q5_1) {
                test.q80CodesGiveTheDotWithTheRoundedActivations(type);
            }
            if (type == GgmlType.Q4_0 || type == GgmlType.Q4_1 || type == GgmlType.Q5_0 || type == GgmlType.Q5_1
                    || type == GgmlType.Q4_K || type == GgmlType.Q5_K || type == GgmlType.Q6_K) {
                test.integerKernelsAtTheirLimitsAlsoOnceCompiled(type);
            }
        }
        test.siluTimesUpIsTheScalarFormulaOnEveryKernelSet();
        // The activations' quantizers on vectors, against their references.
        ActivationRoundingTest rounding = new ActivationRoundingTest();
        for (ActivationRounding r : ActivationRounding.values()) {
            rounding.vectorRoundingEqualsTheReference(r);
        }
        // The KV cache's F16 rows: on JDK 20+ through the JDK's conversion, which must round as the bit version.
        dev.llmx.quant.FloatEncodingTest.checkJdkConversion();
        // Without the Vector API kernels (a JDK whose API differs) the checks above ran on the scalar set alone.
        System.out.println("kernels ok on Java " + Runtime.version() + ": "
                + Kernels.vector().map(Kernels::description).orElse("scalar only"));
    }
}
