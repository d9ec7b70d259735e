package dev.llmx.model;

import dev.llmx.LlmxException;

/**
 * The ranges a model's hyperparameters must lie in before the engine runs it: a negative norm epsilon or a zero
 * RoPE base would not fail at load but turn every activation into NaN, and sizes past these bounds would overflow
 * the engine's int arithmetic. Checked once at load, each with a line that names the metadata value.
 */
public final class MetadataRanges {
    /** Bounds far above any published model, far below int overflow of their products. */
    static final int MAX_D_MODEL = 1 << 17;
    static final int MAX_LAYERS = 4096;
    static final int MAX_HEADS = 8192;
    static final int MAX_HEAD_DIM = 1 << 14;

    private MetadataRanges() {
    }

    /** @throws LlmxException naming {@code file} and the first value out of range */
    public static void check(ModelConfig c, String file) {
        if (!(c.normEps() > 0 && c.normEps() < 1)) {
            throw bad(file, "the norm epsilon is " + c.normEps() + "; it must be a small positive number (such as "
                    + "1e-5)");
        }
        within(file, "d_model", c.embeddingLength(), MAX_D_MODEL);
        within(file, "n_layers", c.layers(), MAX_LAYERS);
        within(file, "n_heads", c.heads(), MAX_HEADS);
        within(file, "n_kv_heads", c.kvHeads(), MAX_HEADS);
        within(file, "head_dim", c.headDim(), MAX_HEAD_DIM);
        if ((long) c.heads() * c.headDim() > MAX_D_MODEL * 4L) {
            throw bad(file, c.heads() + " heads of " + c.headDim() + " are more than the engine takes");
        }
        if (c.contextLength() <= 0) {
            throw bad(file, "the context length is " + c.contextLength() + "; it must be positive");
        }
        RopeConfig rope = c.rope();
        if (!(rope.base() > 0) || Double.isInfinite(rope.base())) {
            throw bad(file, "the RoPE base (rope.freq_base) is " + rope.base() + "; it must be a positive number");
        }
        if (rope.isScaled() && !(rope.scalingFactor() > 0 && Double.isFinite(rope.scalingFactor()))) {
            throw bad(file, "the RoPE scaling factor is " + rope.scalingFactor() + "; it must be a positive number");
        }
    }

    private static void within(String file, String name, long value, long max) {
        if (value > max) {
            throw bad(file, name + " is " + value + ", more than " + max);
        }
    }

    private static LlmxException bad(String file, String what) {
        return new LlmxException(file + ": " + what + "; the file's metadata is out of range");
    }
}
