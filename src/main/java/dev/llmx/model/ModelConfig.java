package dev.llmx.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The hyperparameters of a transformer, the same whether they came from GGUF metadata or a Hugging Face
 * config.json. Sizes that the file does not give are 0 ({@link #missing()} lists them), so that any file can be
 * described; the engine checks {@link #missing()} before it runs a model.
 *
 * @param architecture        llama.cpp's name: {@code llama}, {@code qwen2}, {@code gemma3} … (HF model types are mapped)
 * @param embeddingLength     d_model
 * @param headDim             size of a query/key head (key_length; d_model / heads unless given)
 * @param valueHeadDim        size of a value head (usually the same)
 * @param ffnLength           hidden size of the feed-forward block (the largest when it varies per layer)
 * @param heads               query heads (the largest when it varies per layer)
 * @param kvHeads             key/value heads; fewer than {@code heads} means grouped-query attention
 * @param tiedEmbeddings      whether the output projection reuses the token embeddings (no separate output tensor)
 * @param slidingWindow       sliding-window attention size, 0 when the model has none
 * @param normWeightsPlusOne  whether norm weights are stored as w and applied as 1 + w (Hugging Face Gemma files;
 *                            llama.cpp's converter adds the 1 when it writes GGUF)
 * @param experts             the routed experts of a mixture-of-experts feed-forward ({@link Experts#NONE} when dense)
 */
public record ModelConfig(String architecture, int embeddingLength, int layers, int heads, int kvHeads, int headDim,
                          int valueHeadDim, int ffnLength, long contextLength, int vocabSize, RopeConfig rope,
                          NormKind norm, double normEps, boolean tiedEmbeddings, int slidingWindow,
                          boolean normWeightsPlusOne, Experts experts) {

    /**
     * A mixture of experts: {@code count} experts per layer, {@code used} of them chosen per token by the router,
     * each a gated feed-forward of {@code ffnLength}. All zero for a dense model.
     */
    public record Experts(int count, int used, int ffnLength) {
        public static final Experts NONE = new Experts(0, 0, 0);

        public boolean present() {
            return count > 0;
        }
    }

    /** Names (as in JSON) of the sizes the file did not give. */
    public List<String> missing() {
        List<String> m = new ArrayList<>();
        if (embeddingLength <= 0) {
            m.add("d_model");
        }
        if (layers <= 0) {
            m.add("n_layers");
        }
        if (heads <= 0) {
            m.add("n_heads");
        }
        if (kvHeads <= 0) {
            m.add("n_kv_heads");
        }
        if (headDim <= 0) {
            m.add("head_dim");
        }
        if (ffnLength <= 0 && !experts.present()) {
            m.add("ffn_size");
        }
        if (vocabSize <= 0) {
            m.add("vocab_size");
        }
        if (norm == NormKind.UNKNOWN) {
            m.add("norm_eps");
        }
        return m;
    }

    /** Query heads per key/value head (1 for plain multi-head attention). */
    public int groupSize() {
        return kvHeads > 0 ? heads / kvHeads : 0;
    }
}
