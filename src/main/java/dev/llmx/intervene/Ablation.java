package dev.llmx.intervene;

import dev.llmx.engine.ProbeTensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zero-ablation: sets a tensor (or one head's slice of each row) to zero at every position. {@code blk.L.head.H}
 * zeroes head H's output before the output projection ({@code kqv_out}), so that head contributes nothing to the
 * residual stream; {@code blk.L.ffn} zeroes the FFN block's output; {@code blk.L.attn} the attention block's.
 *
 * @param target what the user wrote
 * @param head   the head (slice of the row's first dimension) to zero, or -1 for the whole row
 */
public record Ablation(String target, String probe, int head) implements Edit {
    @Override
    public void apply(ProbeTensor t) {
        int row = t.rowLength();
        int from = 0;
        int length = row;
        if (head >= 0) {
            length = t.rowShape()[1];
            from = head * length;
        }
        float[] v = t.values();
        for (int p = 0; p < t.positions(); p++) {
            java.util.Arrays.fill(v, p * row + from, p * row + from + length, 0f);
        }
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "ablate");
        m.put("target", target);
        m.put("probe", probe);
        if (head >= 0) {
            m.put("head", head);
        }
        return m;
    }
}
