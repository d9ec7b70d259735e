package dev.llmx.quant;

import dev.llmx.tensor.HalfFloat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class FloatEncodingTest {
    /**
     * On JDK 20 and later f16Bits is the JDK's {@code Float.floatToFloat16}: it must round every float as the bit
     * version does (run on the other installed JDKs by KernelsOnOtherJdksIT, through {@link #checkJdkConversion}).
     */
    @Test
    void theJdkConversionRoundsAsTheBitVersion() {
        checkJdkConversion();
    }

    /** Every 4,099th float bit pattern, and every float near each F16 rounding boundary from 2^-26 to 2^17. */
    public static void checkJdkConversion() {
        for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += 4099) {
            float f = Float.intBitsToFloat((int) bits);
            String pattern = "0x" + Long.toHexString(bits);
            assertEquals(FloatEncoding.f16BitsOfBits(f), FloatEncoding.f16Bits(f), pattern);
        }
        for (int h = 0; h < 0x7C00; h++) {
            float mid = (HalfFloat.f16ToFloat(h) + HalfFloat.f16ToFloat(h + 1)) / 2;
            for (float f : new float[] {Math.nextDown(mid), mid, Math.nextUp(mid), -mid}) {
                assertEquals(FloatEncoding.f16BitsOfBits(f), FloatEncoding.f16Bits(f), () -> "f16 midpoint " + f);
            }
        }
    }
    @Test
    void everyHalfSurvivesTheRoundTrip() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = HalfFloat.f16ToFloat(h);
            if (!Float.isNaN(f)) {
                assertEquals(h, FloatEncoding.f16Bits(f), () -> "f16 0x" + Integer.toHexString(FloatEncoding.f16Bits(f)));
            }
        }
    }

    @Test
    void midpointsBetweenHalvesRoundToEven() {
        // Between 1 (0x3C00) and the next half (0x3C01), and between 0x3C01 and 0x3C02.
        float ulp = 0x1p-10f;
        assertEquals(0x3C00, FloatEncoding.f16Bits(1 + ulp / 2));
        assertEquals(0x3C02, FloatEncoding.f16Bits(1 + 3 * ulp / 2));
        assertEquals(0x3C01, FloatEncoding.f16Bits(Math.nextUp(1 + ulp / 2)));
        // Subnormals: 2^-25 is half the smallest subnormal and rounds to zero; 3 × 2^-25 rounds up to 2 × 2^-24.
        assertEquals(0x0000, FloatEncoding.f16Bits(0x1p-25f));
        assertEquals(0x0001, FloatEncoding.f16Bits(Math.nextUp(0x1p-25f)));
        assertEquals(0x0002, FloatEncoding.f16Bits(3 * 0x1p-25f));
        assertEquals(0x8000, FloatEncoding.f16Bits(-0.0f));
    }

    @Test
    void outOfRangeAndNanFollowGgml() {
        assertEquals(0x7BFF, FloatEncoding.f16Bits(65519f));
        assertEquals(0x7C00, FloatEncoding.f16Bits(65520f));
        assertEquals(0xFC00, FloatEncoding.f16Bits(Float.NEGATIVE_INFINITY));
        assertEquals(0x7E00, FloatEncoding.f16Bits(Float.NaN));
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals(0x3F80, FloatEncoding.bf16Bits(1.0f));
        assertEquals(0x3F80, FloatEncoding.bf16Bits(Float.intBitsToFloat(0x3F808000))); // tie, even stays
        assertEquals(0x3F82, FloatEncoding.bf16Bits(Float.intBitsToFloat(0x3F818000))); // tie, odd rounds up
        assertEquals(0x3F81, FloatEncoding.bf16Bits(Float.intBitsToFloat(0x3F808001)));
        assertEquals(0x7FC0, FloatEncoding.bf16Bits(Float.NaN));
    }
}
