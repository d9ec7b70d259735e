package dev.llmx.tensor;

import dev.llmx.LlmxException;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@link GgmlType}s llmx can decode, and the decoder of each. Types absent here (the IQ1/IQ2/IQ3 families
 * with their codebooks, NVFP4, Q1_0, and the Q8_1/Q8_K activation types) can still be listed and their bytes
 * mapped; only decoding them is refused, with a message naming the tensor.
 */
public final class Dequantizers {
    private static final Map<GgmlType, Dequantizer> BY_TYPE = new EnumMap<>(GgmlType.class);

    static {
        BY_TYPE.put(GgmlType.F32, PlainDequantizers.F32);
        BY_TYPE.put(GgmlType.F16, PlainDequantizers.F16);
        BY_TYPE.put(GgmlType.BF16, PlainDequantizers.BF16);
        BY_TYPE.put(GgmlType.F64, PlainDequantizers.F64);
        BY_TYPE.put(GgmlType.I8, PlainDequantizers.I8);
        BY_TYPE.put(GgmlType.I16, PlainDequantizers.I16);
        BY_TYPE.put(GgmlType.I32, PlainDequantizers.I32);
        BY_TYPE.put(GgmlType.I64, PlainDequantizers.I64);
        BY_TYPE.put(GgmlType.Q4_0, LegacyQuants.Q4_0);
        BY_TYPE.put(GgmlType.Q4_1, LegacyQuants.Q4_1);
        BY_TYPE.put(GgmlType.Q5_0, LegacyQuants.Q5_0);
        BY_TYPE.put(GgmlType.Q5_1, LegacyQuants.Q5_1);
        BY_TYPE.put(GgmlType.Q8_0, LegacyQuants.Q8_0);
        BY_TYPE.put(GgmlType.Q2_K, KQuants.Q2_K);
        BY_TYPE.put(GgmlType.Q3_K, KQuants.Q3_K);
        BY_TYPE.put(GgmlType.Q4_K, KQuants.Q4_K);
        BY_TYPE.put(GgmlType.Q5_K, KQuants.Q5_K);
        BY_TYPE.put(GgmlType.Q6_K, KQuants.Q6_K);
        BY_TYPE.put(GgmlType.IQ4_NL, NonLinearQuants.IQ4_NL);
        BY_TYPE.put(GgmlType.IQ4_XS, NonLinearQuants.IQ4_XS);
        BY_TYPE.put(GgmlType.MXFP4, NonLinearQuants.MXFP4);
        BY_TYPE.put(GgmlType.TQ1_0, TernaryQuants.TQ1_0);
        BY_TYPE.put(GgmlType.TQ2_0, TernaryQuants.TQ2_0);
    }

    private Dequantizers() {
    }

    public static Optional<Dequantizer> find(GgmlType type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** The decoder for {@code type}, or a one-line error naming {@code tensorName}. */
    public static Dequantizer require(GgmlType type, String tensorName) {
        Dequantizer d = BY_TYPE.get(type);
        if (d == null) {
            throw new LlmxException("tensor type " + type + " is not supported yet (tensor '" + tensorName + "')");
        }
        return d;
    }

    public static boolean supports(GgmlType type) {
        return BY_TYPE.containsKey(type);
    }
}
