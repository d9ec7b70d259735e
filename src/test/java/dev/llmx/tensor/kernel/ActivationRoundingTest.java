package dev.llmx.tensor.kernel;

import dev.llmx.tensor.GgmlType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationRoundingTest {
    @Test
    void eachWeightTypeRoundsAsGgmlsVecDotType() {
        assertEquals(ActivationRounding.NONE, ActivationRounding.forWeights(GgmlType.F32));
        assertEquals(ActivationRounding.F16, ActivationRounding.forWeights(GgmlType.F16));
        assertEquals(ActivationRounding.BF16, ActivationRounding.forWeights(GgmlType.BF16));
        for (GgmlType t : new GgmlType[]{GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0,
                GgmlType.IQ4_NL, GgmlType.MXFP4}) {
            assertEquals(ActivationRounding.Q8_0, ActivationRounding.forWeights(t), t.name());
        }
        for (GgmlType t : new GgmlType[]{GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
                GgmlType.IQ4_XS, GgmlType.TQ2_0}) {
            assertEquals(ActivationRounding.Q8_K, ActivationRounding.forWeights(t), t.name());
        }
    }

    /**
     * A Q8_0 block whose largest magnitude is 2.54: d = 2.54/127 = 0.02, stored as F16 0.0200042724609375; 1.0
     * becomes round(1.0 · 127/2.54) = 50 codes, 0.01 becomes 0.5 → 0 (ties to even), 0.03 becomes 1.5 → 2.
     */
    @Test
    void aQ80BlockByHand() {
        float[] x = new float[32];
        x[0] = 2.54f;
        x[1] = 1.0f;
        x[2] = 0.01f;
        x[3] = 0.03f;
        x[4] = -2.54f;
        float[] out = new float[32];
        ActivationRounding.Q8_0.round(x, 0, out, 0, 32);
        float d = 0.0200042724609375f;
        assertEquals(d, ActivationRounding.q80Scale(2.54f));
        assertEquals(127 * d, out[0]);
        assertEquals(50 * d, out[1]);
        assertEquals(0f, out[2]);
        assertEquals(2 * d, out[3]);
        assertEquals(-127 * d, out[4]);
    }

    /**
     * A Q8_K block keeps the sign of its first value of largest magnitude: with −4 first, iscale = −127/−4 = 31.75
     * and a +4 later becomes 127 (the clamp), 1.0 becomes 31.75 → 32, d = 1/31.75 kept as a float.
     */
    @Test
    void aQ8KBlockByHand() {
        float[] x = new float[256];
        x[0] = -4f;
        x[1] = 1f;
        x[2] = 4f;
        float[] out = new float[256];
        ActivationRounding.Q8_K.round(x, 0, out, 0, 256);
        float d = 1 / 31.75f;
        assertEquals(-127 * d, out[0]);
        assertEquals(32 * d, out[1]);
        assertEquals(127 * d, out[2]);
        assertEquals(0f, out[3]);
    }

    @Test
    void anAllZeroBlockStaysZero() {
        float[] out = new float[256];
        ActivationRounding.Q8_K.round(new float[256], 0, out, 0, 256);
        ActivationRounding.Q8_0.round(new float[32], 0, out, 0, 32);
        assertArrayEquals(new float[256], out);
    }

    /** The vector kernels' rounding gives the scalar reference's floats bit for bit, ties and zero blocks included. */
    @ParameterizedTest
    @EnumSource(ActivationRounding.class)
    void vectorRoundingEqualsTheReference(ActivationRounding rounding) {
        Kernels vector = Kernels.vector().orElse(null);
        Assumptions.assumeTrue(vector != null, "no Vector API on this JVM");
        Random random = new Random(17);
        int n = 256 * 6;
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 3));
        }
        for (int i = 256; i < 512; i++) {
            x[i + 5] = 0f; // one all-zero block
        }
        for (int i = 600; i < 700; i++) {
            x[i + 5] = (i % 7 - 3) * 0.25f; // exact halves after scaling: ties
        }
        for (int i = 768; i < 1024; i++) {
            x[i + 5] = (i % 5 - 2) * 1e-38f; // too small for a finite inverse scale: zeros, never NaN
        }
        x[1024 + 5 + 7] = Float.NaN; // a NaN makes its block NaN in both
        for (int i = 1280; i < 1312; i++) {
            x[i + 5] = (i % 9 - 4) * 1e-10f; // a Q8_0 block whose scale rounds to an F16 zero: codes, but scale 0
        }
        x[1400 + 5] = Float.POSITIVE_INFINITY; // an infinite value: NaN values, zero codes
        float[] want = new float[n];
        float[] got = new float[n];
        rounding.round(x, 5, want, 0, n);
        vector.floats().round(rounding, x, 5, got, 0, n);
        assertArrayEquals(want, got);
        if (rounding == ActivationRounding.Q8_0 || rounding == ActivationRounding.Q8_K) {
            for (int i = 768; i < 1024; i++) {
                assertEquals(0f, Math.abs(want[i]), "a tiny block rounds to zeros");
            }
            assertTrue(Float.isNaN(want[1024 + 7]));
        }
        if (rounding == ActivationRounding.Q8_K) {
            Q8KActivations reference = new Q8KActivations();
            reference.quantize(x, 5, n, Kernels.scalar().floats());
            Q8KActivations fast = new Q8KActivations();
            fast.quantize(x, 5, n, vector.floats());
            assertArrayEquals(reference.codes(), fast.codes());
            assertArrayEquals(reference.scales(), fast.scales());
            assertArrayEquals(reference.shortCodes(), fast.shortCodes());
            assertArrayEquals(reference.sums32(), fast.sums32());
            for (int i = 0; i < n; i++) {
                float code = reference.codes()[i];
                if (!Float.isNaN(code)) {
                    assertEquals(Math.rint(code), code, "codes are integers");
                    assertTrue(Math.abs(code) <= 127, "codes are within ±127");
                    assertEquals((short) code, reference.shortCodes()[i]);
                }
            }
        }
        if (rounding == ActivationRounding.Q8_0) {
            Q80Activations reference = new Q80Activations();
            reference.quantize(x, 5, n, Kernels.scalar().floats());
            Q80Activations fast = new Q80Activations();
            fast.quantize(x, 5, n, vector.floats());
            assertArrayEquals(reference.codes(), fast.codes());
            assertArrayEquals(reference.scales(), fast.scales());
            assertArrayEquals(reference.sums(), fast.sums());
            for (int i = 0; i < n; i++) {
                float scale = reference.scales()[i / 32];
                if (!Float.isNaN(scale)) {
                    // + 0: a negative code times a zero scale is −0, the rounded value +0
                    assertEquals(want[i], reference.codes()[i] * scale + 0f, "code × scale is the rounded value");
                }
            }
        }
    }
}
