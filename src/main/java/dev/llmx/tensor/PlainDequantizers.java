package dev.llmx.tensor;

import java.nio.ByteBuffer;

/** Types that store one number per element (floats of three widths, integers): decoding is a conversion. */
final class PlainDequantizers {
    private PlainDequantizers() {
    }

    static final Dequantizer F32 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = src.getFloat(offset + 4 * i);
        }
    };

    static final Dequantizer F16 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = HalfFloat.f16ToFloat(src.getShort(offset + 2 * i));
        }
    };

    static final Dequantizer BF16 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = HalfFloat.bf16ToFloat(src.getShort(offset + 2 * i));
        }
    };

    static final Dequantizer F64 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = (float) src.getDouble(offset + 8 * i);
        }
    };

    static final Dequantizer I8 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = src.get(offset + i);
        }
    };

    static final Dequantizer I16 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = src.getShort(offset + 2 * i);
        }
    };

    static final Dequantizer I32 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = src.getInt(offset + 4 * i);
        }
    };

    static final Dequantizer I64 = (src, offset, dst, dstOffset, count) -> {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = src.getLong(offset + 8 * i);
        }
    };

    /** Shared by the quantized decoders: the F16 scale at {@code index}. */
    static float f16(ByteBuffer src, int index) {
        return HalfFloat.f16ToFloat(src.getShort(index));
    }
}
