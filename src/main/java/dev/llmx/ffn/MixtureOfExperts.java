package dev.llmx.ffn;

import dev.llmx.tensor.kernel.WeightMatrix;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.Arrays;

/**
 * A mixture-of-experts feed-forward (llama.cpp's {@code build_moe_ffn}): the router ({@code ffn_gate_inp}, with a
 * bias where the file has one) gives each token one logit per expert, {@link ExpertGating} picks k experts and their
 * weights, and the output is the weighted sum of those k experts' gated feed-forwards. Only the chosen experts are
 * computed and read: the tokens of a batch are grouped by expert, so that each expert's weights are read once per
 * batch (prefill) and not at all when no token chose it.
 */
public final class MixtureOfExperts implements FeedForward {
    private final WeightMatrix router;
    private final float[] routerBias;
    private final FeedForward[] experts;
    private final int used;
    private final ExpertGating gating;
    private final int dModel;

    public MixtureOfExperts(WeightMatrix router, float[] routerBias, FeedForward[] experts, int used,
                            ExpertGating gating) {
        if (used < 1 || used > experts.length || router.rows() != experts.length) {
            throw new IllegalArgumentException(used + " of " + experts.length + " experts, router of " + router.rows());
        }
        this.router = router;
        this.routerBias = routerBias;
        this.experts = experts;
        this.used = used;
        this.gating = gating;
        this.dModel = router.columns();
    }

    @Override
    public void apply(float[] x, int count, float[] out, WorkerPool pool, Tap tap) {
        int n = experts.length;
        float[] logits = new float[count * n];
        router.multiply(x, count, logits, pool);
        DenseFeedForward.addBias(logits, routerBias, count, n);
        tap.emit(Point.MOE_LOGITS, logits, n);
        int[] chosen = new int[count * used];
        float[] weights = new float[count * used];
        for (int t = 0; t < count; t++) {
            gating.choose(logits, t * n, n, used, chosen, weights, t * used);
        }
        if (tap.wants(Point.MOE_TOPK)) {
            float[] ids = new float[chosen.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = chosen[i];
            }
            tap.emit(Point.MOE_TOPK, ids, used);
        }
        tap.emit(Point.MOE_WEIGHTS, weights, used);

        Arrays.fill(out, 0, count * dModel, 0f);
        int[] tokens = new int[count];
        float[] tokenWeights = new float[count];
        float[] batch = new float[0];
        float[] result = new float[0];
        for (int e = 0; e < n; e++) {
            int m = 0;
            for (int t = 0; t < count; t++) {
                for (int j = 0; j < used; j++) {
                    if (chosen[t * used + j] == e) {
                        tokens[m] = t;
                        tokenWeights[m++] = weights[t * used + j];
                    }
                }
            }
            if (m == 0) {
                continue; // no token chose this expert: its weights are not read
            }
            if (batch.length < m * dModel) {
                batch = new float[m * dModel];
                result = new float[m * dModel];
            }
            for (int i = 0; i < m; i++) {
                System.arraycopy(x, tokens[i] * dModel, batch, i * dModel, dModel);
            }
            experts[e].apply(batch, m, result, pool, Tap.NONE);
            for (int i = 0; i < m; i++) {
                int o = tokens[i] * dModel;
                float w = tokenWeights[i];
                for (int c = 0; c < dModel; c++) {
                    out[o + c] += w * result[i * dModel + c];
                }
            }
        }
    }
}
