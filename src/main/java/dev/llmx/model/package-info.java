/**
 * One description of a model whatever its files: {@link dev.llmx.model.ModelFiles#open} gives a
 * {@link dev.llmx.model.ModelSource} with a {@link dev.llmx.model.ModelConfig} and tensors under llama.cpp's names,
 * for a GGUF file and for a Hugging Face folder alike. The config records what differs between the two for the same
 * weights: the RoPE pairing the q/k rows were stored for ({@link dev.llmx.model.RopeLayout}) and Gemma's 1 + w norms.
 */
package dev.llmx.model;
