/**
 * Which ggml type each tensor of a model gets: llama-quantize's file types ({@link dev.llmx.quant.recipe.QuantType},
 * Q4_K_M and friends) and its per-tensor rules ({@link dev.llmx.quant.recipe.TypePlanner}), following llama.cpp's
 * {@code llama-quant.cpp} so that a file made by llmx has the tensor types llama-quantize would give it.
 */
package dev.llmx.quant.recipe;
