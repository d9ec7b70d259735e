/**
 * Hugging Face folder → GGUF metadata, as llama.cpp's convert_hf_to_gguf.py writes it for llama-family models: the
 * hyperparameters from config.json ({@link dev.llmx.convert.HfHyperparameters}) and the tokenizer from
 * tokenizer.json ({@link dev.llmx.convert.HfVocabulary}). The tensors themselves are converted where they are
 * quantized ({@code dev.llmx.quant.model.HfConversion}).
 */
package dev.llmx.convert;
