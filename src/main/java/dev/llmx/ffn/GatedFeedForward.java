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
     * vectors ({@link FloatOps#siluTimes}). Element by element: which thread takes a row changes nothing (where the
     * width is not a multiple of the vector lanes, the values at a range's end take the scalar formula, which agrees
     * with the vector one but for a rare last bit).
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
