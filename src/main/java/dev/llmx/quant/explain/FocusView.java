package dev.llmx.quant.explain;

import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.tensor.Histogram;

/**
 * One tensor looked at closely: a corner of the matrix before and after, the anatomy of its first block with the
 * first values and their codes, and the error statistics and histogram over the whole tensor.
 *
 * @param anatomy   null when the tensor keeps its type or becomes a plain float type
 * @param histogram null when nothing was lost
 * @param original  the first values of row 0 (one block's worth, at most 32)
 * @param decoded   the same values after quantization
 * @param codes     their codes in the block (null with no anatomy)
 */
public record FocusView(TensorPlan plan, Excerpt before, Excerpt after, BlockAnatomy anatomy, float[] original,
                        float[] decoded, int[] codes, ErrorStats error, Histogram histogram) {
}
