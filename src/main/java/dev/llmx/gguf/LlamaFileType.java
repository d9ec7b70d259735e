package dev.llmx.gguf;

import dev.llmx.tensor.GgmlType;

/**
 * The values of {@code general.file_type} ({@code enum llama_ftype}): the quantization recipe a whole file was made
 * with, as llama-quantize names it. The main type is what most 2-D weights use; mixes such as Q4_K_M keep some
 * tensors at a higher precision.
 */
public enum LlamaFileType {
    ALL_F32(0, "F32", GgmlType.F32),
    MOSTLY_F16(1, "F16", GgmlType.F16),
    MOSTLY_Q4_0(2, "Q4_0", GgmlType.Q4_0),
    MOSTLY_Q4_1(3, "Q4_1", GgmlType.Q4_1),
    MOSTLY_Q8_0(7, "Q8_0", GgmlType.Q8_0),
    MOSTLY_Q5_0(8, "Q5_0", GgmlType.Q5_0),
    MOSTLY_Q5_1(9, "Q5_1", GgmlType.Q5_1),
    MOSTLY_Q2_K(10, "Q2_K", GgmlType.Q2_K),
    MOSTLY_Q3_K_S(11, "Q3_K_S", GgmlType.Q3_K),
    MOSTLY_Q3_K_M(12, "Q3_K_M", GgmlType.Q3_K),
    MOSTLY_Q3_K_L(13, "Q3_K_L", GgmlType.Q3_K),
    MOSTLY_Q4_K_S(14, "Q4_K_S", GgmlType.Q4_K),
    MOSTLY_Q4_K_M(15, "Q4_K_M", GgmlType.Q4_K),
    MOSTLY_Q5_K_S(16, "Q5_K_S", GgmlType.Q5_K),
    MOSTLY_Q5_K_M(17, "Q5_K_M", GgmlType.Q5_K),
    MOSTLY_Q6_K(18, "Q6_K", GgmlType.Q6_K),
    MOSTLY_IQ2_XXS(19, "IQ2_XXS", GgmlType.IQ2_XXS),
    MOSTLY_IQ2_XS(20, "IQ2_XS", GgmlType.IQ2_XS),
    MOSTLY_Q2_K_S(21, "Q2_K_S", GgmlType.Q2_K),
    MOSTLY_IQ3_XS(22, "IQ3_XS", GgmlType.IQ3_S),
    MOSTLY_IQ3_XXS(23, "IQ3_XXS", GgmlType.IQ3_XXS),
    MOSTLY_IQ1_S(24, "IQ1_S", GgmlType.IQ1_S),
    MOSTLY_IQ4_NL(25, "IQ4_NL", GgmlType.IQ4_NL),
    MOSTLY_IQ3_S(26, "IQ3_S", GgmlType.IQ3_S),
    MOSTLY_IQ3_M(27, "IQ3_M", GgmlType.IQ3_S),
    MOSTLY_IQ2_S(28, "IQ2_S", GgmlType.IQ2_S),
    MOSTLY_IQ2_M(29, "IQ2_M", GgmlType.IQ2_S),
    MOSTLY_IQ4_XS(30, "IQ4_XS", GgmlType.IQ4_XS),
    MOSTLY_IQ1_M(31, "IQ1_M", GgmlType.IQ1_M),
    MOSTLY_BF16(32, "BF16", GgmlType.BF16),
    MOSTLY_TQ1_0(36, "TQ1_0", GgmlType.TQ1_0),
    MOSTLY_TQ2_0(37, "TQ2_0", GgmlType.TQ2_0),
    MOSTLY_MXFP4_MOE(38, "MXFP4_MOE", GgmlType.MXFP4);

    private final int id;
    private final String label;
    private final GgmlType mainType;

    LlamaFileType(int id, String label, GgmlType mainType) {
        this.id = id;
        this.label = label;
        this.mainType = mainType;
    }

    public int id() {
        return id;
    }

    /** The name llama-quantize uses: {@code Q4_K_M}, {@code F16}. */
    public String label() {
        return label;
    }

    public GgmlType mainType() {
        return mainType;
    }

    public static LlamaFileType byId(long id) {
        for (LlamaFileType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    public static LlamaFileType byLabel(String label) {
        for (LlamaFileType t : values()) {
            if (t.label.equalsIgnoreCase(label.trim())) {
                return t;
            }
        }
        return null;
    }

    /**
     * The plain file type for a file whose weights are mostly {@code type}, for writers that do not know the recipe;
     * for k-quants the medium mix is assumed, as it is llama-quantize's usual choice.
     */
    public static LlamaFileType forMainType(GgmlType type) {
        return switch (type) {
            case Q3_K -> MOSTLY_Q3_K_M;
            case Q4_K -> MOSTLY_Q4_K_M;
            case Q5_K -> MOSTLY_Q5_K_M;
            default -> {
                for (LlamaFileType t : values()) {
                    if (t.mainType == type) {
                        yield t;
                    }
                }
                yield null;
            }
        };
    }
}
