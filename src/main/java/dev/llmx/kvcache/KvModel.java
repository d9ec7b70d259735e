package dev.llmx.kvcache;

import java.util.Optional;

/**
 * The architecture facts that decide what a model costs: its attention shape (for the KV cache), its layer sizes
 * (for parameters, weights memory and FLOPs) and where the numbers came from.
 *
 * <p>It is deliberately the small set of fields a Hugging Face {@code config.json} or a GGUF header provides
 * ({@code num_hidden_layers}, {@code hidden_size}, {@code num_attention_heads}, {@code num_key_value_heads},
 * {@code head_dim}, {@code intermediate_size}, {@code vocab_size}, {@code tie_word_embeddings}, the sliding window and
 * {@code layer_types}, MLA and MoE sizes), so a model-file reader only has to fill a {@link Builder}. Sizes that are
 * unknown (a model given only by {@code --layers --kv-heads --head-dim}) are 0: the KV cache can still be costed,
 * parameters and FLOPs cannot.
 */
public final class KvModel {
    private final String id;
    private final String name;
    private final String source;
    private final String notes;
    private final int layers;
    private final long dModel;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int valueHeadDim;
    private final long ffn;
    private final long vocab;
    private final boolean tiedEmbeddings;
    private final AttentionWindows windows;
    private final Mla mla;
    private final Moe moe;
    private final long nativeContext;
    private final int normsPerLayer;
    private final boolean qkvBias;
    private final boolean outputBias;
    private final boolean qkNorm;
    private final boolean attentionSinks;
    private final long knownParams;

    private KvModel(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.source = b.source;
        this.notes = b.notes;
        this.layers = b.layers;
        this.dModel = b.dModel;
        this.heads = b.heads;
        this.kvHeads = b.kvHeads;
        this.headDim = b.headDim;
        this.valueHeadDim = b.valueHeadDim > 0 ? b.valueHeadDim : b.headDim;
        this.ffn = b.ffn;
        this.vocab = b.vocab;
        this.tiedEmbeddings = b.tiedEmbeddings;
        this.windows = b.windows != null ? b.windows : AttentionWindows.none(b.layers);
        this.mla = b.mla;
        this.moe = b.moe;
        this.nativeContext = b.nativeContext;
        this.normsPerLayer = b.normsPerLayer;
        this.qkvBias = b.qkvBias;
        this.outputBias = b.outputBias;
        this.qkNorm = b.qkNorm;
        this.attentionSinks = b.attentionSinks;
        this.knownParams = b.knownParams;
    }

    public static Builder builder(String id, String name) {
        return new Builder(id, name);
    }

    /** A copy with {@code n} KV heads (for the MHA / GQA / MQA comparison). */
    public KvModel withKvHeads(int n, String variantName) {
        Builder b = toBuilder();
        b.id = id;
        b.name = variantName;
        b.kvHeads = n;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(id, name);
        b.source = source;
        b.notes = notes;
        b.layers = layers;
        b.dModel = dModel;
        b.heads = heads;
        b.kvHeads = kvHeads;
        b.headDim = headDim;
        b.valueHeadDim = valueHeadDim;
        b.ffn = ffn;
        b.vocab = vocab;
        b.tiedEmbeddings = tiedEmbeddings;
        b.windows = windows;
        b.mla = mla;
        b.moe = moe;
        b.nativeContext = nativeContext;
        b.normsPerLayer = normsPerLayer;
        b.qkvBias = qkvBias;
        b.outputBias = outputBias;
        b.qkNorm = qkNorm;
        b.attentionSinks = attentionSinks;
        b.knownParams = knownParams;
        return b;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Where the configuration values came from (a URL); empty for a model given by flags. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    public Optional<String> notes() {
        return Optional.ofNullable(notes);
    }

    public int layers() {
        return layers;
    }

    public long dModel() {
        return dModel;
    }

    public int heads() {
        return heads;
    }

    public int kvHeads() {
        return kvHeads;
    }

    public int headDim() {
        return headDim;
    }

    public int valueHeadDim() {
        return valueHeadDim;
    }

    public long ffn() {
        return ffn;
    }

    public long vocab() {
        return vocab;
    }

    public boolean tiedEmbeddings() {
        return tiedEmbeddings;
    }

    public AttentionWindows windows() {
        return windows;
    }

    public Optional<Mla> mla() {
        return Optional.ofNullable(mla);
    }

    public Optional<Moe> moe() {
        return Optional.ofNullable(moe);
    }

    /** The context length the model was configured for ({@code max_position_embeddings}); 0 if unknown. */
    public long nativeContext() {
        return nativeContext;
    }

    public int normsPerLayer() {
        return normsPerLayer;
    }

    public boolean qkvBias() {
        return qkvBias;
    }

    public boolean outputBias() {
        return outputBias;
    }

    public boolean qkNorm() {
        return qkNorm;
    }

    public boolean attentionSinks() {
        return attentionSinks;
    }

    /** A parameter count given by the user ({@code --params}) for a model whose layer sizes are unknown; 0 if none. */
    public long knownParams() {
        return knownParams;
    }

    /** Whether the layer sizes are known, so parameters can be counted from them. */
    public boolean hasLayerSizes() {
        return dModel > 0 && heads > 0 && vocab > 0 && (ffn > 0 || moe != null);
    }

    /** Values of K cached per token in one layer (for MLA: the latent plus the RoPE key). */
    public long kValuesPerToken() {
        return mla != null ? mla.cachedValues() : (long) kvHeads * headDim;
    }

    /** Values of V cached per token in one layer (0 for MLA: V is read back from the latent in the K cache). */
    public long vValuesPerToken() {
        return mla != null ? 0 : (long) kvHeads * valueHeadDim;
    }

    /** Dimensions one head's attention score runs over (q·k). */
    public long scoreDim() {
        return mla != null ? mla.cachedValues() : headDim;
    }

    /** Dimensions one head's weighted sum of values runs over. */
    public long valueDim() {
        return mla != null ? mla.kvLoraRank() : valueHeadDim;
    }

    /** "MHA", "GQA", "MQA" or "MLA": what the attention shape is called. */
    public String attentionKind() {
        if (mla != null) {
            return "MLA";
        }
        if (heads == 0) {
            return kvHeads == 1 ? "MQA" : "unknown";
        }
        if (kvHeads == heads) {
            return "MHA";
        }
        return kvHeads == 1 ? "MQA" : "GQA";
    }

    /** Builds a {@link KvModel}; the setters are named after the config.json keys they take. */
    public static final class Builder {
        private String id;
        private String name;
        private String source;
        private String notes;
        private int layers;
        private long dModel;
        private int heads;
        private int kvHeads;
        private int headDim;
        private int valueHeadDim;
        private long ffn;
        private long vocab;
        private boolean tiedEmbeddings;
        private AttentionWindows windows;
        private Mla mla;
        private Moe moe;
        private long nativeContext;
        private int normsPerLayer = 2;
        private boolean qkvBias;
        private boolean outputBias;
        private boolean qkNorm;
        private boolean attentionSinks;
        private long knownParams;

        private Builder(String id, String name) {
            this.id = id;
            this.name = name;
        }

        public Builder source(String url) {
            this.source = url;
            return this;
        }

        public Builder notes(String text) {
            this.notes = text;
            return this;
        }

        /** {@code num_hidden_layers}, {@code hidden_size}, {@code num_attention_heads}, {@code num_key_value_heads}. */
        public Builder shape(int layers, long dModel, int heads, int kvHeads) {
            this.layers = layers;
            this.dModel = dModel;
            this.heads = heads;
            this.kvHeads = kvHeads;
            return this;
        }

        /** {@code head_dim}; when a config leaves it out it is {@code hidden_size / num_attention_heads}. */
        public Builder headDim(int headDim) {
            this.headDim = headDim;
            return this;
        }

        /** A V head size that differs from the K head size. */
        public Builder valueHeadDim(int valueHeadDim) {
            this.valueHeadDim = valueHeadDim;
            return this;
        }

        /** {@code intermediate_size} of a gated (SwiGLU / GeGLU) feed-forward. */
        public Builder ffn(long ffn) {
            this.ffn = ffn;
            return this;
        }

        /** {@code vocab_size} and {@code tie_word_embeddings}. */
        public Builder vocab(long vocab, boolean tied) {
            this.vocab = vocab;
            this.tiedEmbeddings = tied;
            return this;
        }

        public Builder windows(AttentionWindows windows) {
            this.windows = windows;
            return this;
        }

        public Builder mla(Mla mla) {
            this.mla = mla;
            return this;
        }

        public Builder moe(Moe moe) {
            this.moe = moe;
            return this;
        }

        /** {@code max_position_embeddings}. */
        public Builder nativeContext(long tokens) {
            this.nativeContext = tokens;
            return this;
        }

        /** RMSNorm weight vectors of {@code hidden_size} per layer: 2 in Llama, 4 in Gemma 2/3. */
        public Builder normsPerLayer(int n) {
            this.normsPerLayer = n;
            return this;
        }

        /** Biases on the q, k, v projections (Qwen2); with {@code output} also on o (gpt-oss). */
        public Builder attentionBias(boolean qkv, boolean output) {
            this.qkvBias = qkv;
            this.outputBias = output;
            return this;
        }

        /** RMSNorm over each query and key head (Qwen3, Gemma 3): {@code head_dim} weights each. */
        public Builder qkNorm(boolean qkNorm) {
            this.qkNorm = qkNorm;
            return this;
        }

        /** A learned attention-sink logit per head (gpt-oss). */
        public Builder attentionSinks(boolean sinks) {
            this.attentionSinks = sinks;
            return this;
        }

        public Builder knownParams(long params) {
            this.knownParams = params;
            return this;
        }

        public KvModel build() {
            if (layers < 1) {
                throw new IllegalArgumentException("a model needs at least one layer");
            }
            if (mla == null && (kvHeads < 1 || headDim < 1)) {
                throw new IllegalArgumentException("KV heads and head size must be positive");
            }
            if (heads > 0 && mla == null && heads % kvHeads != 0) {
                throw new IllegalArgumentException(heads + " query heads cannot be shared evenly by " + kvHeads
                        + " KV heads");
            }
            if (windows != null && windows.layers() != layers) {
                throw new IllegalArgumentException("the window pattern covers " + windows.layers()
                        + " layers, the model has " + layers);
            }
            if (moe != null && moe.denseLayers() > 0 && ffn < 1) {
                throw new IllegalArgumentException("dense layers of a mixture-of-experts model need an ffn size");
            }
            return new KvModel(this);
        }
    }
}
