/**
 * Hugging Face weights: {@link dev.llmx.safetensors.SafetensorsFile} validates and maps one .safetensors file;
 * {@link dev.llmx.safetensors.HfFolder} finds a model folder's config, shards and tokenizer files. What the
 * configuration means is decided in dev.llmx.model.
 */
package dev.llmx.safetensors;
