package dev.llmx.safetensors;

import dev.llmx.tensor.GgmlType;

/**
 * The safetensors dtypes llmx reads, each with the ggml type that has the same bytes. Other dtypes (U8, BOOL,
 * unsigned wider integers, the FP8/FP4 formats) are refused by name when a file is opened.
 */
public enum SafetensorsDtype {
    F64(GgmlType.F64),
    F32(GgmlType.F32),
    F16(GgmlType.F16),
    BF16(GgmlType.BF16),
    I64(GgmlType.I64),
    I32(GgmlType.I32),
    I16(GgmlType.I16),
    I8(GgmlType.I8);

    private final GgmlType ggmlType;

    SafetensorsDtype(GgmlType ggmlType) {
        this.ggmlType = ggmlType;
    }

    public GgmlType ggmlType() {
        return ggmlType;
    }

    public int bytes() {
        return ggmlType.typeSize();
    }

    /** The dtype spelled {@code name} exactly (safetensors names are upper case), or {@code null}. */
    public static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
