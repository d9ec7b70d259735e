package dev.llmx.intervene;

import dev.llmx.engine.ProbeTensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Activation patching: the tensor at {@code position} (or at every position both runs have, when -1) is replaced by
 * the same probe's tensor from a run on another prompt. Patching a run with its own activations changes nothing.
 *
 * @param source the other run's rows of this probe, by position
 */
public record Patch(String target, String probe, int position, String fromText, Map<Integer, float[]> source)
        implements Edit {
    @Override
    public void apply(ProbeTensor t) {
        int row = t.rowLength();
        for (int r = 0; r < t.positions(); r++) {
            int pos = t.firstPosition() + r;
            float[] from = source.get(pos);
            if ((position < 0 || pos == position) && from != null) {
                System.arraycopy(from, 0, t.values(), r * row, row);
            }
        }
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "patch");
        m.put("target", target);
        m.put("probe", probe);
        if (position >= 0) {
            m.put("position", position);
        }
        m.put("from", fromText);
        return m;
    }
}
