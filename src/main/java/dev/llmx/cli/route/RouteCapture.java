package dev.llmx.cli.route;

import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Stage;

/**
 * A probe that keeps the router's choice ({@code blk.N.ffn_moe_topk}) and weights ({@code blk.N.ffn_moe_weights})
 * of every position and layer: {@code positions × layers × used} each, filled as the batches pass.
 */
public final class RouteCapture implements Probe {
    private final int layers;
    private final int used;
    private final int[] experts;
    private final float[] weights;
    /** Position of the running session's position 0 in the whole text (a long text runs in context-sized chunks). */
    private int offset;

    public RouteCapture(int positions, int layers, int used) {
        this.layers = layers;
        this.used = used;
        this.experts = new int[positions * layers * used];
        this.weights = new float[positions * layers * used];
    }

    /** Where the next session's positions start in the text. */
    public void startChunkAt(int position) {
        this.offset = position;
    }

    /** positions × layers × used expert ids, highest weight first. */
    public int[] experts() {
        return experts;
    }

    /** The weights in the same layout. */
    public float[] weights() {
        return weights;
    }

    @Override
    public boolean wants(String name) {
        return name.startsWith("blk.") && (name.endsWith(".ffn_moe_topk") || name.endsWith(".ffn_moe_weights"));
    }

    @Override
    public void observe(ProbeTensor t) {
        boolean ids = t.stage() == Stage.FFN_MOE_TOPK;
        float[] v = t.values();
        for (int r = 0; r < t.positions(); r++) {
            int position = offset + t.firstPosition() + r;
            int at = (position * layers + t.layer()) * used;
            for (int j = 0; j < used; j++) {
                if (ids) {
                    experts[at + j] = (int) v[r * used + j];
                } else {
                    weights[at + j] = v[r * used + j];
                }
            }
        }
    }
}
