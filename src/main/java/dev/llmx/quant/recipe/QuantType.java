package dev.llmx.quant.recipe;

import dev.llmx.UsageException;
import dev.llmx.gguf.LlamaFileType;
import dev.llmx.tensor.GgmlType;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file types {@code llmx quantize --type} accepts, with llama-quantize's names. A type is a recipe: its default
 * ggml type goes to most 2-D weights, and the mixes (_S, _M, _L) give some tensors more bits.
 */
public enum QuantType {
    F32(LlamaFileType.ALL_F32, GgmlType.F32, "32-bit floats, no loss"),
    F16(LlamaFileType.MOSTLY_F16, GgmlType.F16, "16-bit floats"),
    BF16(LlamaFileType.MOSTLY_BF16, GgmlType.BF16, "bfloat16: float32's range, 8 bits of precision"),
    Q8_0(LlamaFileType.MOSTLY_Q8_0, GgmlType.Q8_0, "8-bit, one scale per 32 values"),
    Q6_K(LlamaFileType.MOSTLY_Q6_K, GgmlType.Q6_K, "6-bit k-quant"),
    Q5_K_M(LlamaFileType.MOSTLY_Q5_K_M, GgmlType.Q5_K, "5-bit k-quant, attn_v/ffn_down partly Q6_K"),
    Q5_K_S(LlamaFileType.MOSTLY_Q5_K_S, GgmlType.Q5_K, "5-bit k-quant"),
    Q5_1(LlamaFileType.MOSTLY_Q5_1, GgmlType.Q5_1, "5-bit, scale and minimum per 32 values"),
    Q5_0(LlamaFileType.MOSTLY_Q5_0, GgmlType.Q5_0, "5-bit, one scale per 32 values"),
    Q4_K_M(LlamaFileType.MOSTLY_Q4_K_M, GgmlType.Q4_K, "4-bit k-quant, attn_v/ffn_down partly Q6_K"),
    Q4_K_S(LlamaFileType.MOSTLY_Q4_K_S, GgmlType.Q4_K, "4-bit k-quant, first layers' attn_v/ffn_down Q5_K"),
    Q4_1(LlamaFileType.MOSTLY_Q4_1, GgmlType.Q4_1, "4-bit, scale and minimum per 32 values"),
    Q4_0(LlamaFileType.MOSTLY_Q4_0, GgmlType.Q4_0, "4-bit, one scale per 32 values"),
    IQ4_NL(LlamaFileType.MOSTLY_IQ4_NL, GgmlType.IQ4_NL, "4-bit non-linear levels, one scale per 32 values"),
    IQ4_XS(LlamaFileType.MOSTLY_IQ4_XS, GgmlType.IQ4_XS, "4-bit non-linear levels, 6-bit scales per 32 values"),
    MXFP4_MOE(LlamaFileType.MOSTLY_MXFP4_MOE, GgmlType.MXFP4,
            "experts (3-D *_exps) in MXFP4, 4-bit floats with a power-of-two scale per 32; the rest Q8_0"),
    Q3_K_L(LlamaFileType.MOSTLY_Q3_K_L, GgmlType.Q3_K, "3-bit k-quant, attn_v/attn_output/ffn_down Q5_K"),
    Q3_K_M(LlamaFileType.MOSTLY_Q3_K_M, GgmlType.Q3_K, "3-bit k-quant, attn_v/attn_output/ffn_down Q4_K-Q5_K"),
    Q3_K_S(LlamaFileType.MOSTLY_Q3_K_S, GgmlType.Q3_K, "3-bit k-quant"),
    Q2_K(LlamaFileType.MOSTLY_Q2_K, GgmlType.Q2_K, "2-bit k-quant, attn_v/attn_output/ffn_down Q3_K-Q4_K");

    private final LlamaFileType fileType;
    private final GgmlType defaultType;
    private final String description;

    QuantType(LlamaFileType fileType, GgmlType defaultType, String description) {
        this.fileType = fileType;
        this.defaultType = defaultType;
        this.description = description;
    }

    /** The {@code general.file_type} the output records. */
    public LlamaFileType fileType() {
        return fileType;
    }

    /** The type of a 2-D weight that no rule singles out. */
    public GgmlType defaultType() {
        return defaultType;
    }

    public String description() {
        return description;
    }

    /** llama-quantize's spelling: {@code Q4_K_M}. */
    public String label() {
        return fileType.label();
    }

    /**
     * The type named {@code text}: llama-quantize's names in any case ({@code q4_k_m}), its short forms ({@code Q4_K}
     * is Q4_K_M) or the numeric {@code general.file_type} ({@code 15}).
     */
    public static QuantType parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        switch (name) {
            case "Q3_K" -> name = "Q3_K_M";
            case "Q4_K" -> name = "Q4_K_M";
            case "Q5_K" -> name = "Q5_K_M";
            default -> { }
        }
        int id = name.matches("[0-9]{1,6}") ? Integer.parseInt(name) : -1;
        for (QuantType t : values()) {
            if (t.label().equals(name) || t.fileType.id() == id) {
                return t;
            }
        }
        LlamaFileType known = id >= 0 ? LlamaFileType.byId(id) : LlamaFileType.byLabel(name);
        if (known != null) {
            throw new UsageException("llmx cannot make " + known.label() + " files: " + whyNot(known)
                    + "; it can make " + names());
        }
        throw new UsageException("unknown type '" + text + "'; valid types: " + names());
    }

    private static String whyNot(LlamaFileType t) {
        return switch (t) {
            case MOSTLY_Q2_K_S, MOSTLY_IQ2_XXS, MOSTLY_IQ2_XS, MOSTLY_IQ2_S, MOSTLY_IQ2_M, MOSTLY_IQ1_S, MOSTLY_IQ1_M,
                 MOSTLY_IQ3_XXS -> "it needs an importance matrix, which llmx does not compute";
            case MOSTLY_TQ1_0, MOSTLY_TQ2_0 -> "ternary types are only for models trained ternary";
            default -> "its " + t.mainType() + " quantizer is not implemented";
        };
    }

    /** All names, comma-separated, from most to fewest bits. */
    public static String names() {
        return Arrays.stream(values()).map(QuantType::label).collect(Collectors.joining(", "));
    }
}
