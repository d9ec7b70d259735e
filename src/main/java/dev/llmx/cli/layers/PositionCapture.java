package dev.llmx.cli.layers;

import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Stage;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A probe that keeps one position's row of the tensors it is given, by stage and layer. */
public final class PositionCapture implements Probe {
    private final int position;
    private final Set<Stage> stages;
    private final Map<String, float[]> rows = new HashMap<>();

    public PositionCapture(int position, Set<Stage> stages) {
        this.position = position;
        this.stages = Set.copyOf(stages);
    }

    @Override
    public boolean wants(String name) {
        for (Stage s : stages) {
            String suffix = s.tensorName(0);
            if (s.perLayer() ? name.startsWith("blk.") && name.endsWith(suffix.substring(suffix.indexOf('.', 4)))
                    : name.equals(suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void observe(ProbeTensor t) {
        int r = position - t.firstPosition();
        if (r >= 0 && r < t.positions()) {
            int n = t.rowLength();
            rows.put(t.name(), Arrays.copyOfRange(t.values(), r * n, (r + 1) * n));
        }
    }

    /** The row of {@code stage} at {@code layer} (ignored for stages outside the layers). */
    public float[] row(Stage stage, int layer) {
        return rows.get(stage.tensorName(layer));
    }
}
