package dev.llmx.intervene;

import dev.llmx.LlmxException;
import dev.llmx.embed.EmbeddingSpace;
import dev.llmx.engine.ProbeTensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Activation steering: adds {@code scale · vector} to the tensor at every position (or at one), pushing the
 * residual stream along a direction — for example the difference of two prompts' mean residuals. A zero vector
 * changes nothing.
 */
public record Steering(String target, String probe, int position, float[] vector, float scale, String vectorSource)
        implements Edit {
    @Override
    public void apply(ProbeTensor t) {
        int row = t.rowLength();
        if (row != vector.length) {
            throw new LlmxException("the steering vector has " + vector.length + " values but " + probe + " has "
                    + row + " per position");
        }
        float[] v = t.values();
        for (int r = 0; r < t.positions(); r++) {
            if (position >= 0 && t.firstPosition() + r != position) {
                continue;
            }
            for (int i = 0; i < row; i++) {
                v[r * row + i] += scale * vector[i];
            }
        }
    }

    /** The vector's Euclidean length. */
    public double norm() {
        return EmbeddingSpace.norm(vector);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "steer");
        m.put("target", target);
        m.put("probe", probe);
        if (position >= 0) {
            m.put("position", position);
        }
        m.put("vector", vectorSource);
        m.put("vector_norm", norm());
        m.put("scale", scale);
        return m;
    }
}
