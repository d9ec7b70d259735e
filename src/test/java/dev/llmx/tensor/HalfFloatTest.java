package dev.llmx.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfFloatTest {
    @Test
    void knownValues() {
        assertEquals(1.0f, HalfFloat.f16ToFloat(0x3C00));
        assertEquals(-2.0f, HalfFloat.f16ToFloat(0xC000));
        // Kernels pass a little-endian short as read, sign-extended: only the low 16 bits count.
        assertEquals(-2.0f, HalfFloat.f16ToFloat((short) 0xC000));
        assertEquals(-2.0f, HalfFloat.f16ToFloatComputed((short) 0xC000));
        assertEquals(1.0f, HalfFloat.f16ToFloatComputed(0x7FFF3C00));
        assertEquals(65504f, HalfFloat.f16ToFloat(0x7BFF));
        assertEquals(0x1p-24f, HalfFloat.f16ToFloat(0x0001));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(HalfFloat.f16ToFloat(0x8000)));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.f16ToFloat(0x7C00));
        assertTrue(Float.isNaN(HalfFloat.f16ToFloat(0x7E00)));
        assertEquals(-1.0f, HalfFloat.bf16ToFloat(0xBF80));
        assertEquals(3.140625f, HalfFloat.bf16ToFloat(0x4049));
    }

    /** Every finite half against the definition: (−1)^s × 2^(e−15) × 1.m, or 2^−14 × 0.m for subnormals. */
    @Test
    void everyFiniteHalfMatchesTheDefinition() {
        for (int h = 0; h < 1 << 16; h++) {
            int e = (h >> 10) & 0x1F;
            if (e == 0x1F) {
                continue;
            }
            int m = h & 0x3FF;
            double magnitude = e == 0 ? Math.scalb((double) m, -24) : Math.scalb(1024.0 + m, e - 25);
            double expected = (h & 0x8000) != 0 ? -magnitude : magnitude;
            assertEquals((float) expected, HalfFloat.f16ToFloat(h), "half 0x" + Integer.toHexString(h));
        }
    }

    /** The computed conversion gives the table's bits for every half: signed zeros, subnormals, infinities, NaNs. */
    @Test
    void computedConversionIsTheTableOnEveryHalf() {
        for (int h = 0; h < 1 << 16; h++) {
            assertEquals(Float.floatToRawIntBits(HalfFloat.f16ToFloat(h)),
                    Float.floatToRawIntBits(HalfFloat.f16ToFloatComputed(h)), "half 0x" + Integer.toHexString(h));
            assertEquals(Float.floatToRawIntBits(HalfFloat.f16ToFloat(h)),
                    Float.floatToRawIntBits(HalfFloat.f16ToFloatComputed((short) h)), "half 0x" + Integer.toHexString(h));
        }
    }
}
