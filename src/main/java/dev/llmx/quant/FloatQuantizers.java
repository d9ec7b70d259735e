package dev.llmx.quant;

import static dev.llmx.quant.LittleEndian.putInt;
import static dev.llmx.quant.LittleEndian.putShort;

/** The plain float types: one number per value, only rounded (F16, BF16) or copied (F32). */
final class FloatQuantizers {
    private FloatQuantizers() {
    }

    static final Quantizer F32 = (src, so, dst, dO, count) -> {
        for (int i = 0; i < count; i++) {
            putInt(dst, dO + 4 * i, Float.floatToRawIntBits(src[so + i]));
        }
    };

    static final Quantizer F16 = (src, so, dst, dO, count) -> {
        for (int i = 0; i < count; i++) {
            putShort(dst, dO + 2 * i, FloatEncoding.f16Bits(src[so + i]));
        }
    };

    static final Quantizer BF16 = (src, so, dst, dO, count) -> {
        for (int i = 0; i < count; i++) {
            putShort(dst, dO + 2 * i, FloatEncoding.bf16Bits(src[so + i]));
        }
    };
}
