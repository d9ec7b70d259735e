package dev.llmx.quant;

import dev.llmx.LlmxException;
import dev.llmx.tensor.GgmlType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@link GgmlType}s llmx can produce, and the encoder of each. The IQ1/IQ2/IQ3 families need an importance
 * matrix and codebook searches and are not offered; nor are the ternary and FP4 types, which llama-quantize reserves
 * for models trained for them.
 */
public final class Quantizers {
    private static final Map<GgmlType, Quantizer> BY_TYPE = new EnumMap<>(GgmlType.class);

    static {
        BY_TYPE.put(GgmlType.F32, FloatQuantizers.F32);
        BY_TYPE.put(GgmlType.F16, FloatQuantizers.F16);
        BY_TYPE.put(GgmlType.BF16, FloatQuantizers.BF16);
        BY_TYPE.put(GgmlType.Q4_0, LegacyQuantizers.Q4_0);
        BY_TYPE.put(GgmlType.Q4_1, LegacyQuantizers.Q4_1);
        BY_TYPE.put(GgmlType.Q5_0, LegacyQuantizers.Q5_0);
        BY_TYPE.put(GgmlType.Q5_1, LegacyQuantizers.Q5_1);
        BY_TYPE.put(GgmlType.Q8_0, LegacyQuantizers.Q8_0);
        BY_TYPE.put(GgmlType.Q2_K, KQuantizers.Q2_K);
        BY_TYPE.put(GgmlType.Q3_K, KQuantizers.Q3_K);
        BY_TYPE.put(GgmlType.Q4_K, KQuantizers.Q4_K);
        BY_TYPE.put(GgmlType.Q5_K, KQuantizers.Q5_K);
        BY_TYPE.put(GgmlType.Q6_K, KQuantizers.Q6_K);
        BY_TYPE.put(GgmlType.IQ4_NL, NonLinearQuantizers.IQ4_NL);
        BY_TYPE.put(GgmlType.MXFP4, NonLinearQuantizers.MXFP4);
        BY_TYPE.put(GgmlType.IQ4_XS, NonLinearQuantizers.IQ4_XS);
    }

    private Quantizers() {
    }

    public static Optional<Quantizer> find(GgmlType type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static boolean supports(GgmlType type) {
        return BY_TYPE.containsKey(type);
    }

    /** The encoder for {@code type}, or a one-line error. */
    public static Quantizer require(GgmlType type) {
        Quantizer q = BY_TYPE.get(type);
        if (q == null) {
            throw new LlmxException("llmx cannot quantize to " + type + " (it can: " + String.join(", ",
                    BY_TYPE.keySet().stream().map(Enum::name).toList()) + ")");
        }
        return q;
    }

    /** The types llmx can produce, in ggml id order. */
    public static Set<GgmlType> types() {
        return Collections.unmodifiableSet(BY_TYPE.keySet());
    }
}
