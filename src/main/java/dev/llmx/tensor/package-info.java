/**
 * Tensors as they lie in model files: {@link dev.llmx.tensor.GgmlType} (ids and block layouts of every ggml type),
 * {@link dev.llmx.tensor.TensorInfo} (name, type, shape in ggml order, where the bytes are), and
 * {@link dev.llmx.tensor.Tensor} (the bytes, memory-mapped in windows of whole rows so that no row crosses a JDK 17
 * buffer's 2 GiB limit).
 *
 * <p>Per-type code reads blocks in place: a {@link dev.llmx.tensor.Dequantizer} (one per type, looked up in
 * {@link dev.llmx.tensor.Dequantizers}) takes a buffer, a byte offset and a count. Compute kernels (dot products,
 * matmul) follow the same shape: a per-type object registered by type, fed by {@code Tensor.rowBuffer(row)} and
 * {@code Tensor.rowOffset(row)}; adding one needs no change to the readers or the tensor views.
 */
package dev.llmx.tensor;
