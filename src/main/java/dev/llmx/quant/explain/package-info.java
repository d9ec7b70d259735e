/**
 * What quantization costs in accuracy: error statistics of a tensor and of a whole model per type, a tensor's values
 * before and after, and the anatomy of one block (its scales, minimums and codes).
 */
package dev.llmx.quant.explain;
