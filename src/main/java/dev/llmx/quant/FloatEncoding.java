package dev.llmx.quant;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * float → F16 and float → BF16, rounding as ggml does (to nearest, ties to even; NaN stays a quiet NaN). JDK 17
 * has no {@code Float.floatToFloat16}, so the F16 rounding is done on the bits; on JDK 20 and later the same rounding
 * is {@code Float.floatToFloat16}, one instruction where the CPU has it (x86 F16C), which the KV cache's F16 rows
 * take for every key and value (5.6 % of a SmolLM-shaped prefill went to the bit version).
 */
public final class FloatEncoding {
    /** {@code Float.floatToFloat16} (float → short) where the JDK has it, else null; found once, a constant to the JIT. */
    private static final MethodHandle TO_FLOAT16 = findFloatToFloat16();

    private static final int F32_SIGN = 0x8000_0000;
    private static final int F32_INFINITY = 0x7F80_0000;
    /** 65520: the smallest float that rounds to F16 infinity. */
    private static final int F16_OVERFLOW = 0x477F_F000;
    /** 2^-14: the smallest normal F16. */
    private static final int F16_MIN_NORMAL = 0x3880_0000;
    /** 2^-25: half of the smallest subnormal F16; anything below rounds to zero. */
    private static final int F16_HALF_MIN_SUBNORMAL = 0x3300_0000;

    private FloatEncoding() {
    }

    private static MethodHandle findFloatToFloat16() {
        try {
            return MethodHandles.publicLookup().findStatic(Float.class, "floatToFloat16",
                    MethodType.methodType(short.class, float.class));
        } catch (ReflectiveOperationException e) {
            return null; // JDK 17–19
        }
    }

    /** The F16 bits (in the low 16 bits) nearest to {@code value}. */
    public static int f16Bits(float value) {
        if (TO_FLOAT16 != null && value == value) {
            // NaN excepted: the JDK keeps payload bits that ggml's conversion (and f16BitsOfBits) does not.
            try {
                return (short) TO_FLOAT16.invokeExact(value) & 0xFFFF;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return f16BitsOfBits(value);
    }

    /** {@link #f16Bits} computed on the bits alone (JDK 17's path, and the reference the JDK's must equal). */
    static int f16BitsOfBits(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits & F32_SIGN) >>> 16;
        int abs = bits & ~F32_SIGN;
        if (abs > F32_INFINITY) {
            return sign | 0x7E00;
        }
        if (abs >= F16_OVERFLOW) {
            return sign | 0x7C00;
        }
        if (abs >= F16_MIN_NORMAL) {
            int half = ((abs >>> 23) - 127 + 15) << 10 | (abs & 0x7F_FFFF) >>> 13;
            return sign | roundDropped(half, abs & 0x1FFF, 13);
        }
        if (abs < F16_HALF_MIN_SUBNORMAL) {
            return sign;
        }
        // Subnormal: the value in units of 2^-24 is the 24-bit significand shifted right by (126 - exponent).
        int significand = (abs & 0x7F_FFFF) | 0x80_0000;
        int shift = 126 - (abs >>> 23);
        return sign | roundDropped(significand >>> shift, significand & ((1 << shift) - 1), shift);
    }

    /** {@code kept} plus one when the {@code droppedBits} low bits {@code dropped} round it up (ties to even). */
    private static int roundDropped(int kept, int dropped, int droppedBits) {
        int halfway = 1 << (droppedBits - 1);
        return dropped > halfway || (dropped == halfway && (kept & 1) != 0) ? kept + 1 : kept;
    }

    /** The BF16 bits (in the low 16 bits) nearest to {@code value}: ggml's {@code GGML_FP32_TO_BF16}. */
    public static int bf16Bits(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & ~F32_SIGN) > F32_INFINITY) {
            return (bits >>> 16 | 64) & 0xFFFF;
        }
        return ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16) & 0xFFFF;
    }
}
