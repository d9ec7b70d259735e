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

    /** @param stage what produced {@code x}, e.g. "the embedding lookup (token_embd.weight)" */
    static void check(float[] x, int length, String stage) {
        int at = firstNonFinite(x, length);
        if (at >= 0) {
            throw failure(x[at], stage);
        }
    }

    /**
     * A layer block's output, named as "layer 3's feed-forward (blk.3.ffn_*)"; the name is built only on failure,
     * since this runs for every layer of every decoded token.
     */
    static void check(float[] x, int length, int layer, String block, String tensors) {
        int at = firstNonFinite(x, length);
        if (at >= 0) {
            throw failure(x[at], "layer " + layer + "'s " + block + " (blk." + layer + "." + tensors + ")");
        }
    }

    private static int firstNonFinite(float[] x, int length) {
        for (int i = 0; i < length; i++) {
            if (!Float.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }

    private static LlmxException failure(float value, String stage) {
        return new LlmxException("the activations became " + value + " in " + stage + "; the model's weights "
                + "there hold values out of range (llmx inspect --tensor NAME shows them)");
    }
}
