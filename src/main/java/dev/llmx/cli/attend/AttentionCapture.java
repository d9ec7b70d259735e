package dev.llmx.cli.attend;

import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Stage;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A probe that keeps, for the layers asked for, the attention tensors of a whole prompt as the forward pass computed
 * them: scores and weights as full {@code n × heads × n} arrays (query × head × key, −∞ / 0 for masked keys), and
 * optionally q, k, v and the heads' outputs. A prompt run in several batches arrives in pieces; each lands in
 * its rows, and the keys a batch has not seen yet (later positions) stay masked.
 */
public final class AttentionCapture implements Probe {
    private final int positions;
    private final int heads;
    private final boolean[] layers;
    private final Set<Stage> stages;
    private final float[][][] tensors;

    /**
     * @param layers which layers to keep
     * @param stages which tensors of them (attention scores and weights are kept as full square matrices)
     */
    public AttentionCapture(int positions, int heads, boolean[] layers, Set<Stage> stages) {
        this.positions = positions;
        this.heads = heads;
        this.layers = layers.clone();
        this.stages = EnumSet.copyOf(stages);
        this.tensors = new float[layers.length][Stage.values().length][];
    }

    @Override
    public boolean wants(String name) {
        for (Stage s : stages) {
            for (int l = 0; l < layers.length; l++) {
                if (layers[l] && s.tensorName(l).equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void observe(ProbeTensor t) {
        boolean square = t.stage() == Stage.ATTN_SCORES || t.stage() == Stage.ATTN_WEIGHTS;
        int rowLength = square ? heads * positions : t.rowLength();
        float[][] byStage = tensors[t.layer()];
        if (byStage[t.stage().ordinal()] == null) {
            float[] all = new float[positions * rowLength];
            if (t.stage() == Stage.ATTN_SCORES) {
                Arrays.fill(all, Float.NEGATIVE_INFINITY);
            }
            byStage[t.stage().ordinal()] = all;
        }
        float[] all = byStage[t.stage().ordinal()];
        for (int r = 0; r < t.positions(); r++) {
            int position = t.firstPosition() + r;
            if (!square) {
                System.arraycopy(t.values(), r * rowLength, all, position * rowLength, rowLength);
                continue;
            }
            int keys = t.rowShape()[1];
            for (int h = 0; h < heads; h++) {
                System.arraycopy(t.values(), (r * heads + h) * keys, all, (position * heads + h) * positions, keys);
            }
        }
    }

    /** The tensor {@code stage} of {@code layer}, one row per position; null if it was not kept. */
    public float[] tensor(int layer, Stage stage) {
        return tensors[layer][stage.ordinal()];
    }
}
