package dev.llmx.train;

import dev.llmx.LlmxException;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.RopeLayout;

/**
 * The sizes of a llama-architecture model that training needs. Training covers plain llama (no biases, no q/k
 * norms, SiLU-gated feed-forward, RMSNorm, RoPE); other architectures are refused by {@link #of}.
 *
 * @param tied whether the output projection is the token embedding matrix (no {@code output.weight})
 */
public record LlamaShape(int dModel, int layers, int heads, int kvHeads, int headDim, int ffn, int vocab, double eps,
                         double ropeBase, int ropeDims, RopeLayout ropeLayout, boolean tied, int context) {

    public LlamaShape {
        if (dModel <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || ffn <= 0 || vocab <= 0) {
            throw new IllegalArgumentException("every size must be positive");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads do not split into " + kvHeads + " KV heads");
        }
        if (ropeDims <= 0 || ropeDims % 2 != 0 || ropeDims > headDim) {
            throw new IllegalArgumentException("RoPE over " + ropeDims + " dimensions does not fit heads of " + headDim);
        }
    }

    /** The shape of a model file's config; only the llama architecture (without scaled RoPE) trains. */
    public static LlamaShape of(ModelConfig c, boolean tied) {
        if (!c.architecture().equals("llama")) {
            throw new LlmxException("training supports the llama architecture only; this model is "
                    + c.architecture());
        }
        if (!c.missing().isEmpty()) {
            throw new LlmxException("the model's metadata does not give " + String.join(", ", c.missing()));
        }
        if (!c.rope().scalingType().equals("none")) {
            throw new LlmxException("training does not support RoPE scaling '" + c.rope().scalingType() + "'");
        }
        if (c.headDim() != c.valueHeadDim()) {
            throw new LlmxException("training needs value heads as wide as key heads");
        }
        return new LlamaShape(c.embeddingLength(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.ffnLength(),
                c.vocabSize(), c.normEps(), c.rope().base(), c.rope().dimensions(), c.rope().layout(), tied,
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, c.contextLength())));
    }

    public int qDim() {
        return heads * headDim;
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Query heads per key/value head. */
    public int group() {
        return heads / kvHeads;
    }
}
