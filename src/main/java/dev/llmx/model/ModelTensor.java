package dev.llmx.model;

import dev.llmx.tensor.TensorInfo;

import java.nio.file.Path;

/**
 * A tensor of a model under llmx's name for it (llama.cpp's GGUF naming: {@code blk.0.attn_q.weight}).
 *
 * @param sourceName the name in the file ({@code model.layers.0.self_attn.q_proj.weight} in a Hugging Face file; the
 *                   same as {@code name} in GGUF)
 * @param info       type, shape (ggml order), offset and size
 * @param file       the file holding the bytes
 */
public record ModelTensor(String name, String sourceName, TensorInfo info, Path file) {
}
