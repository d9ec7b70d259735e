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

    /**
     * The same value as {@link #f16ToFloat}, computed rather than looked up: the F16 sign, exponent and mantissa
     * moved to their float places read as a float 2^112 too small (the exponent biases are 15 and 127), and the
     * multiplication by 2^112 is exact, subnormals included; infinities and NaNs come from the table.
     *
     * <p>For the Q8_0 decode kernel, which converts one scale per 34 bytes it streams from memory: there the lookups
     * into a 256 KiB table cost more than the arithmetic (Llama-3.2-1B shape, 2 threads: 14.5–16.2 → 17.4–20.0
     * tokens/s, docs/profile.md step 5). The integer k-quant kernels convert one or two scales per 256 values and
     * keep the table: the same change there made the 1B Q4_K_M decode slower (15.6 → 12.8 tokens/s), measured, not
     * understood. Under 35 bytes of bytecode, the size the JIT inlines at any call site.
     */
    public static float f16ToFloatComputed(int bits) {
        // bits << 16 >> 3: the sign to bit 31 (and into bits 28–30, which the mask clears), the rest to bits 13–27.
        return (bits & 0x7C00) == 0x7C00 ? F16[(char) bits]
                : Float.intBitsToFloat(bits << 16 >> 3 & 0x8FFFFFFF) * 0x1p112f;
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
