/**
 * Quantization drift: the same prompt through a model and through the same model quantized in memory, compared
 * layer by layer (hidden states) and at the end (next-token distributions).
 */
package dev.llmx.quant.drift;
