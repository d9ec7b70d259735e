package dev.llmx.intervene;

import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps a copy of one probe's row at every position of a run (the source of a patch or of a steering vector). */
public final class Capture implements Probe {
    private final String probe;
    private final Map<Integer, float[]> rows = new LinkedHashMap<>();

    public Capture(String probe) {
        this.probe = probe;
    }

    @Override
    public boolean wants(String name) {
        return name.equals(probe);
    }

    @Override
    public void observe(ProbeTensor t) {
        int row = t.rowLength();
        for (int r = 0; r < t.positions(); r++) {
            float[] copy = new float[row];
            System.arraycopy(t.values(), r * row, copy, 0, row);
            rows.put(t.firstPosition() + r, copy);
        }
    }

    /** Rows by position. */
    public Map<Integer, float[]> rows() {
        return rows;
    }

    /**
     * The mean of the rows over the positions from {@code skip} on (where there are any; else over all): skip the BOS,
     * whose residual stream is typically an outlier many times larger than the others', and would swamp a mean.
     */
    public float[] mean(int skip) {
        float[] sum = null;
        int used = 0;
        for (Map.Entry<Integer, float[]> e : rows.entrySet()) {
            if (e.getKey() < skip && rows.size() > skip) {
                continue;
            }
            float[] r = e.getValue();
            used++;
            if (sum == null) {
                sum = new float[r.length];
            }
            for (int i = 0; i < r.length; i++) {
                sum[i] += r[i];
            }
        }
        if (sum == null) {
            return new float[0];
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= used;
        }
        return sum;
    }
}
