package dev.llmx.ffn;

import dev.llmx.tensor.kernel.WorkerPool;

/**
 * A transformer layer's feed-forward block: {@code count} rows of d_model in, as many out. Dense gated
 * ({@link DenseFeedForward}) or a mixture of experts ({@link MixtureOfExperts}); the forward pass does not care which.
 */
public interface FeedForward {
    /** The intermediate tensors a block can show, under llama.cpp's names ({@code blk.N.ffn_gate} …). */
    enum Point {
        GATE, UP, ACT, MOE_LOGITS, MOE_TOPK, MOE_WEIGHTS
    }

    /** Where a block shows its intermediate tensors (the engine's probes). */
    interface Tap {
        Tap NONE = new Tap() {
            @Override
            public boolean wants(Point point) {
                return false;
            }

            @Override
            public void emit(Point point, float[] values, int width) {
            }
        };

        boolean wants(Point point);

        /** {@code values} holds one row of {@code width} per token of the batch. */
        void emit(Point point, float[] values, int width);
    }

    /** {@code out[t] = ffn(x[t])} for the {@code count} rows of {@code x}. */
    void apply(float[] x, int count, float[] out, WorkerPool pool, Tap tap);
}
