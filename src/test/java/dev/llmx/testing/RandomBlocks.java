package dev.llmx.testing;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.tensor.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Weight matrices of random but valid blocks, for kernel tests and benchmarks: random quant bytes, with every F16
 * scale field set to a modest finite value (random bytes there would give infinities and NaNs).
 */
public final class RandomBlocks {
    private RandomBlocks() {
    }

    /** A {@code rows × columns} tensor of {@code type} in a direct buffer (as a mapped file would be). */
    public static Tensor matrix(GgmlType type, int rows, int columns, long seed) {
        TensorInfo info = TensorInfo.of("random." + type.name().toLowerCase(), type, new long[] {columns, rows}, 0);
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(seed);
        fill(type, bytes, random);
        return new Tensor(info, TensorData.wrap(bytes, info));
    }

    /**
     * A tensor whose quant bytes are all at their largest (0xFF: every 4-, 5- and 6-bit value and every k-quant
     * scale and min at its maximum; Q6_K's int8 scales alternate −128 and 127) and whose F16 scales are 1/64: the
     * integer kernels' 16-bit lanes at their limits.
     */
    public static Tensor extreme(GgmlType type, int rows, int columns) {
        TensorInfo info = TensorInfo.of("extreme." + type.name().toLowerCase(), type, new long[] {columns, rows}, 0);
        ByteBuffer b = ByteBuffer.allocateDirect((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0xFF);
        }
        for (int block = 0; block < b.capacity(); block += type.typeSize()) {
            for (int at : scaleFields(type)) {
                b.putShort(block + at, (short) 0x2400);
            }
            if (type == GgmlType.Q6_K) {
                for (int i = 0; i < 16; i++) {
                    b.put(block + 192 + i, (byte) (i % 2 == 0 ? 0x80 : 0x7F));
                }
            }
        }
        return new Tensor(info, TensorData.wrap(b, info));
    }

    /** Random activations in [-1, 1). */
    public static float[] vector(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static void fill(GgmlType type, ByteBuffer b, SplittableRandom random) {
        int size = b.capacity();
        switch (type) {
            case F32 -> {
                for (int i = 0; i < size; i += 4) {
                    b.putFloat(i, (float) (random.nextDouble() * 2 - 1));
                }
            }
            case F16 -> {
                for (int i = 0; i < size; i += 2) {
                    b.putShort(i, randomHalf(random));
                }
            }
            case BF16 -> {
                for (int i = 0; i < size; i += 2) {
                    b.putShort(i, (short) (Float.floatToRawIntBits((float) (random.nextDouble() * 2 - 1)) >>> 16));
                }
            }
            default -> {
                for (int i = 0; i < size; i++) {
                    b.put(i, (byte) random.nextInt(256));
                }
                if (type == GgmlType.MXFP4) {
                    // The E8M0 exponent byte: a scale near 1 (random bytes would overflow to infinity).
                    for (int block = 0; block < size; block += type.typeSize()) {
                        b.put(block, (byte) (118 + random.nextInt(16)));
                    }
                    return;
                }
                int[] scales = scaleFields(type);
                for (int block = 0; block < size; block += type.typeSize()) {
                    for (int at : scales) {
                        b.putShort(block + at, randomHalfScale(random));
                    }
                }
            }
        }
    }

    /** Byte offsets of the F16 scale fields in a block of {@code type}. */
    private static int[] scaleFields(GgmlType type) {
        return switch (type) {
            case Q4_0, Q8_0, Q5_0, IQ4_NL, IQ4_XS -> new int[] {0};
            case Q4_1, Q5_1, Q4_K, Q5_K, Q2_K -> type == GgmlType.Q2_K ? new int[] {80, 82} : new int[] {0, 2};
            case Q3_K -> new int[] {108};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException("no random blocks for " + type);
        };
    }

    /** A normal F16 number in ±[2⁻⁴, 2³), or now and then a subnormal or zero, which kernels must also get right. */
    private static short randomHalf(SplittableRandom random) {
        int sign = random.nextBoolean() ? 0x8000 : 0;
        int mantissa = random.nextInt(1024);
        int exponent = random.nextInt(20) == 0 ? 0 : 11 + random.nextInt(7);
        return (short) (sign | exponent << 10 | mantissa);
    }

    /** A positive F16 scale in [2⁻¹⁰, 2⁻⁶): block scales are small, values come out near ±1. */
    private static short randomHalfScale(SplittableRandom random) {
        return (short) ((5 + random.nextInt(4)) << 10 | random.nextInt(1024));
    }
}
