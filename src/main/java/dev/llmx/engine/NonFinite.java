package dev.llmx.engine;

import dev.llmx.LlmxException;

/**
 * Stops a forward pass at the first stage whose output holds an infinity or a NaN, naming the stage and its weights:
 * a file with inf or 3.4e38 weights otherwise ends far downstream, in a sampler that finds no valid logit. Checked
 * once per layer block, a scan of the block's output (small beside the block's matrix products).
 */
final class NonFinite {
    private NonFinite() {
    }

    /** @param stage what produced {@code x}, e.g. "layer 3's feed-forward (blk.3.ffn_*)" */
    static void check(float[] x, int length, String stage) {
        for (int i = 0; i < length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new LlmxException("the activations became " + x[i] + " in " + stage + "; the model's weights "
                        + "there hold values out of range (llmx inspect --tensor NAME shows them)");
            }
        }
    }
}
