package dev.llmx.ffn;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WeightMatrix;
import dev.llmx.tensor.kernel.WorkerPool;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mixture on numbers that can be followed by hand: d = 2, four experts, a router whose rows are ±e1, ±e2, and
 * experts that multiply their input by (id + 1) and count how often and on how many tokens they run.
 */
class MixtureOfExpertsTest {
    /** Expert e: y = (e + 1)·x. */
    private static final class Scaling implements FeedForward {
        final float factor;
        int calls;
        int tokens;

        Scaling(float factor) {
            this.factor = factor;
        }

        @Override
        public void apply(float[] x, int count, float[] out, WorkerPool pool, Tap tap) {
            calls++;
            tokens += count;
            for (int i = 0; i < count * 2; i++) {
                out[i] = factor * x[i];
            }
        }
    }

    private static WeightMatrix router() {
        float[] rows = {1, 0, 0, 1, -1, 0, 0, -1};
        ByteBuffer b = ByteBuffer.allocate(4 * rows.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : rows) {
            b.putFloat(v);
        }
        TensorInfo info = new TensorInfo("ffn_gate_inp.weight", GgmlType.F32, new long[] {2, 4}, 0, 32);
        return new WeightMatrix(new Tensor(info, TensorData.wrap(b.flip(), info)), Kernels.scalar());
    }

    @Test
    void onlyTheChosenExpertsRunOncePerBatchAndTheirOutputsAreWeighed() {
        Scaling[] experts = {new Scaling(1), new Scaling(2), new Scaling(3), new Scaling(4)};
        MixtureOfExperts moe = new MixtureOfExperts(router(), null, experts, 2, ExpertGating.TOPK_SOFTMAX);
        // token 0 = (2, 1): logits (2, 1, −2, −1) → experts 0 and 1, weights softmax(2, 1) = 0.7311, 0.2689
        // token 1 = (−2, −1): logits (−2, −1, 2, 1) → experts 2 and 3, same weights
        float[] x = {2, 1, -2, -1};
        float[] out = new float[4];
        try (WorkerPool pool = new WorkerPool(1)) {
            moe.apply(x, 2, out, pool, FeedForward.Tap.NONE);
        }
        float w0 = 0.7310586f;
        float w1 = 0.26894143f;
        float scale0 = w0 * 1 + w1 * 2; // 1.2689
        float scale1 = w0 * 3 + w1 * 4; // 3.2689
        assertArrayEquals(new float[] {2 * scale0, scale0, -2 * scale1, -scale1}, out, 1e-5f);
        for (Scaling e : experts) {
            assertEquals(1, e.calls, "each expert runs once for the batch");
            assertEquals(1, e.tokens, "on the one token that chose it");
        }
    }

    @Test
    void decodeOfOneTokenLeavesTheOtherExpertsUnread() {
        Scaling[] experts = {new Scaling(1), new Scaling(2), new Scaling(3), new Scaling(4)};
        MixtureOfExperts moe = new MixtureOfExperts(router(), new float[] {0, 0, 5, 0}, experts, 1,
                ExpertGating.SOFTMAX_TOPK_NORMALISED);
        float[] out = new float[2];
        try (WorkerPool pool = new WorkerPool(1)) {
            // (1, 0): logits (1, 0, −1, 0) + bias (0, 0, 5, 0) = (1, 0, 4, 0) → expert 2 alone, weight 1
            moe.apply(new float[] {1, 0}, 1, out, pool, FeedForward.Tap.NONE);
        }
        assertArrayEquals(new float[] {3, 0}, out, 1e-6f);
        assertEquals(0, experts[0].calls + experts[1].calls + experts[3].calls);
        assertEquals(1, experts[2].calls);
    }
}
