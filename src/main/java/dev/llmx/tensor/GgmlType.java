package dev.llmx.tensor;

import dev.llmx.LlmxException;

import java.util.Locale;

/**
 * The element types of ggml tensors, with the ids GGUF files store and the block layout of each: a row of a
 * tensor is a sequence of blocks, each holding {@link #blockSize()} values in {@link #typeSize()} bytes.
 *
 * <p>Every type a GGUF file may name is listed so that a file can be inspected whatever it holds; whether its
 * values can be decoded is a separate question ({@link Dequantizers#find}). Ids 4, 5 (old Q4_2/Q4_3), 31–33
 * and 36–38 (repacked layouts that never belong in files) are deliberately absent: a file naming them is bad.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17),
    NVFP4(40, 64, 36),
    Q1_0(41, 128, 18);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The id GGUF stores ({@code enum ggml_type}). */
    public int id() {
        return id;
    }

    /** Values per block; a row's length must be a multiple of it. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** Whether values are stored in blocks with shared scales (everything but plain numbers). */
    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** Storage cost per value: {@code 4.5} for Q4_K, {@code 16} for F16. */
    public double bitsPerWeight() {
        return typeSize * 8.0 / blockSize;
    }

    /** The type with this id, or {@code null} when the id names no type a file may hold. */
    public static GgmlType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** The type named {@code name} (case-insensitive, as llama.cpp spells them: q4_K, Q8_0, bf16). */
    public static GgmlType byName(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        for (GgmlType t : values()) {
            if (t.name().equals(upper)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Bytes taken by {@code elements} values, or an exception when the count is not a whole number of blocks or
     * the size does not fit in a long (a hostile shape can multiply out to anything).
     */
    public long bytesFor(long elements) {
        if (elements < 0 || elements % blockSize != 0) {
            throw new LlmxException(elements + " values of type " + name() + " are not a whole number of "
                    + blockSize + "-value blocks");
        }
        try {
            return Math.multiplyExact(elements / blockSize, (long) typeSize);
        } catch (ArithmeticException e) {
            throw new LlmxException(elements + " values of type " + name() + " take more bytes than a file can hold");
        }
    }
}
