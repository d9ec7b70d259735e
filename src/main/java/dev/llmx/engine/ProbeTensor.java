package dev.llmx.engine;

/**
 * One observed tensor of a forward pass over a batch of positions.
 *
 * @param name          {@code blk.3.q}, {@code logits} …
 * @param layer         the layer, or -1 outside the layers
 * @param firstPosition the position of the batch's first token (0 for a prompt, later for decode steps)
 * @param positions     tokens in the batch: the tensor has one row per token
 * @param rowShape      the shape of one row: {@code [width]}, or {@code [heads, head_dim]}, or for attention scores
 *                      and weights {@code [heads, keys]} (keys = every position up to the batch's last)
 * @param values        {@code positions × product(rowShape)} values, row-major, from index 0 (the array may be longer)
 */
public record ProbeTensor(String name, Stage stage, int layer, int firstPosition, int positions, int[] rowShape,
                          float[] values) {
    /** Values per row. */
    public int rowLength() {
        int n = 1;
        for (int d : rowShape) {
            n *= d;
        }
        return n;
    }
}
