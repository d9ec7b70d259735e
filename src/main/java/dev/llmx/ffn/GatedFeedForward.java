package dev.llmx.ffn;

import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

/** The gated feed-forward's middle step: {@code act(gate) ⊙ up}, element by element. */
public final class GatedFeedForward {
    private GatedFeedForward() {
    }

    /**
     * {@code out[i] = act(gate[i])·up[i]} ({@link Activation#glu}) for the {@code count} rows of {@code width} values,
     * the rows split over the pool's threads (a prompt's worth is about a tenth of a prefill), SiLU on the kernels'
     * vectors ({@link FloatOps#siluTimes}). Element by element, so the split and the order change no value.
     */
    public static void combine(Activation act, float[] gate, float[] up, float[] out, int count, int width,
                               FloatOps floats, WorkerPool pool) {
        pool.forRanges(count, width, (from, to) -> {
            int offset = from * width;
            int n = (to - from) * width;
            if (act == Activation.SILU) {
                floats.siluTimes(gate, up, out, offset, n);
                return;
            }
            for (int i = offset; i < offset + n; i++) {
                out[i] = act.glu(gate[i], up[i]);
            }
        });
    }
}
