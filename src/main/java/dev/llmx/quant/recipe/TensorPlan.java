package dev.llmx.quant.recipe;

import dev.llmx.tensor.GgmlType;

/**
 * What happens to one tensor: it keeps its type, or becomes {@code target}, and why.
 *
 * @param shape    ggml order, row length first
 * @param rule     the rule that chose the target, in words ("attn_v of layer 2: more bits (use_more_bits)")
 * @param fallback whether the rule's type did not fit the row length and a fallback type was taken
 */
public record TensorPlan(String name, long[] shape, GgmlType source, GgmlType target, TensorCategory category,
                         String rule, boolean fallback) {
    public TensorPlan {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean changesType() {
        return source != target;
    }

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long sourceBytes() {
        return source.bytesFor(elements());
    }

    public long targetBytes() {
        return target.bytesFor(elements());
    }
}
