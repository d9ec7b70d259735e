package dev.llmx.tensor;

/**
 * IEEE half precision (F16) and bfloat16 to float. JDK 17 has no {@code Float.float16ToFloat}, so F16 goes
 * through a 65,536-entry table built from the bit layout: exact for every input, subnormals and NaN payloads
 * included, and as fast as a lookup.
 */
public final class HalfFloat {
    private static final float[] F16 = new float[1 << 16];

    static {
        for (int h = 0; h < F16.length; h++) {
            F16[h] = decode(h);
        }
    }

    private HalfFloat() {
    }

    /** The float value of the F16 bits in the low 16 bits of {@code bits}. */
    public static float f16ToFloat(int bits) {
        return F16[bits & 0xFFFF];
    }

    /** The float value of bfloat16 bits: the upper half of a float. */
    public static float bf16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    private static float decode(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            // Zero or subnormal: mantissa × 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
