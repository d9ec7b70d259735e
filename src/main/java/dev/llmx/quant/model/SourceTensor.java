package dev.llmx.quant.model;

import dev.llmx.gguf.GgufWriter;
import dev.llmx.tensor.GgmlType;

/** One tensor of a {@link SourceModel}, as it is in GGUF layout (a Hugging Face q/k projection already permuted). */
public interface SourceTensor {
    /** The GGUF name ({@code blk.0.attn_q.weight}). */
    String name();

    /** ggml order: row length first. */
    long[] shape();

    /** The stored type (for a converted folder: F32 for 1-D tensors and norms, the safetensors dtype otherwise). */
    GgmlType type();

    long rows();

    int rowLength();

    /** Decodes row {@code row} into {@code dst[0…rowLength)}. Safe to call from several threads. */
    void readRow(long row, float[] dst);

    /** The tensor's bytes unchanged, for a tensor that keeps its type. */
    GgufWriter.TensorSource bytes();
}
