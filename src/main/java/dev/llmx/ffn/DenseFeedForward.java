package dev.llmx.ffn;

import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WeightMatrix;
import dev.llmx.tensor.kernel.WorkerPool;

/**
 * The gated feed-forward of dense models, {@code down(act(gate·x) ⊙ up·x)}, each projection with an optional bias
 * (gpt-oss's experts have them). Also one expert of a {@link MixtureOfExperts}.
 */
public final class DenseFeedForward implements FeedForward {
    private final WeightMatrix gate;
    private final WeightMatrix up;
    private final WeightMatrix down;
    private final float[] gateBias;
    private final float[] upBias;
    private final float[] downBias;
    private final Activation activation;
    private final FloatOps floats;
    /**
     * The gate and up outputs, per thread and shared by all blocks (a model may be run by several sessions at
     * once; within one pass the blocks run one after another).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    public DenseFeedForward(WeightMatrix gate, WeightMatrix up, WeightMatrix down, Activation activation,
                            FloatOps floats) {
        this(gate, up, down, null, null, null, activation, floats);
    }

    public DenseFeedForward(WeightMatrix gate, WeightMatrix up, WeightMatrix down, float[] gateBias, float[] upBias,
                            float[] downBias, Activation activation, FloatOps floats) {
        this.gate = gate;
        this.up = up;
        this.down = down;
        this.gateBias = gateBias;
        this.upBias = upBias;
        this.downBias = downBias;
        this.activation = activation;
        this.floats = floats;
    }
    @Override
    public void apply(float[] x, int count, float[] out, WorkerPool pool, Tap tap) {
        int n = gate.rows();
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < count * n) {
            scratch[0] = new float[count * n];
            scratch[1] = new float[count * n];
        }
        float[] gateOut = scratch[0];
        float[] upOut = scratch[1];
        gate.multiply(x, count, gateOut, pool);
        up.multiply(x, count, upOut, pool);
        addBias(gateOut, gateBias, count, n);
        addBias(upOut, upBias, count, n);
        tap.emit(Point.GATE, gateOut, n);
        tap.emit(Point.UP, upOut, n);
        GatedFeedForward.combine(activation, gateOut, upOut, gateOut, count, n, floats, pool);
        tap.emit(Point.ACT, gateOut, n);
        down.multiply(gateOut, count, out, pool);
        addBias(out, downBias, count, down.rows());
    }

    /** {@code y[t] += bias} for each of {@code count} rows of {@code n}; nothing when {@code bias} is null. */
    public static void addBias(float[] y, float[] bias, int count, int n) {
        if (bias == null) {
            return;
        }
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < n; i++) {
                y[t * n + i] += bias[i];
            }
        }
    }
}
