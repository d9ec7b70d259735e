/**
 * A whole model through the quantizers: {@link dev.llmx.quant.model.SourceModel} presents a GGUF file or a Hugging
 * Face folder (converted on the fly as llama.cpp's convert_hf_to_gguf.py would) as GGUF metadata and tensors;
 * {@link dev.llmx.quant.model.ModelQuantizer} plans each tensor's type and streams the quantized tensors into a new
 * GGUF file, a chunk of rows at a time, so that a model of any size needs only a few megabytes of heap.
 */
package dev.llmx.quant.model;
