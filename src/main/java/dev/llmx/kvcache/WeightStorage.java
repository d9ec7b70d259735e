package dev.llmx.kvcache;

/**
 * How the weights are stored, which decides their memory and the bytes a decode step reads: one element type
 * for every parameter ({@link ElementType}, from {@code --weight-type}), or as a real model file stores them
 * ({@link FileWeights}, from {@code -m}: a Q4_K_M file mixes Q4_K, Q6_K and F32 tensors).
 */
public interface WeightStorage {
    /** The name shown in tables and JSON ({@code f16}, {@code Q4_K_M}). */
    String label();

    /** Bytes that {@code parameters} weights take. */
    long bytes(long parameters);
}
