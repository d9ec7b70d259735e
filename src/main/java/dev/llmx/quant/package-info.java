/**
 * Quantization, the reverse of {@link dev.llmx.tensor.Dequantizers}: {@link dev.llmx.quant.Quantizers} turns float
 * rows into the blocks of a ggml type, following ggml's reference algorithms step for step so that the bytes equal
 * llama.cpp's.
 */
package dev.llmx.quant;
