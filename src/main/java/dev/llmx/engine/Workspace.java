package dev.llmx.engine;

/**
 * The activations of one forward pass over a batch, sized for the largest batch seen and reused: decode allocates
 * nothing per token. Every array is row-major, one row per token of the batch.
 */
final class Workspace {
    final int capacity;
    /** The residual stream, d_model per token. */
    final float[] residual;
    /** A normalized copy of the residual (the input of attention or of the FFN). */
    final float[] normed;
    final float[] q;
    final float[] k;
    final float[] v;
    /** Attention output per head, before the output projection. */
    final float[] heads;
    /** The attention or FFN block's output, d_model per token. */
    final float[] blockOut;

    Workspace(Model m, int capacity) {
        this.capacity = capacity;
        residual = new float[capacity * m.dModel];
        normed = new float[capacity * m.dModel];
        q = new float[capacity * m.heads * m.headDim];
        k = new float[capacity * m.kvHeads * m.headDim];
        v = new float[capacity * m.kvHeads * m.valueDim];
        heads = new float[capacity * m.heads * m.valueDim];
        blockOut = new float[capacity * m.dModel];
    }
}
