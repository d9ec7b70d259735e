/**
 * Training: how the weights got their values. A llama-architecture model's parameters as F32 arrays on the heap
 * (training only; the engine keeps running memory-mapped weights), a forward pass that keeps what the backward pass
 * needs, the backward pass, optimizers and their schedule, batches of token windows, and an F32 GGUF checkpoint that
 * every llmx command loads.
 */
package dev.llmx.train;
