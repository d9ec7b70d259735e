package dev.llmx.engine;

import dev.llmx.LlmxException;
import dev.llmx.attention.Rope;
import dev.llmx.model.ArchitectureTraits;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelDescription;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WeightMatrix;

import java.util.function.LongConsumer;

/**
 * A model ready to run: its sizes, the traits of its architecture, and its weights (memory-mapped where they lie in
 * the file; only norms and biases are on the heap). Made by {@link ModelLoader}, which checks every tensor's shape
 * against the metadata; run by {@link Transformer}.
 */
public final class Model {
    private static final LongConsumer NO_PROGRESS = new LongConsumer() {
        @Override
        public void accept(long layers) {
            // nobody is watching
        }
    };

    final ModelSource source;
    final ModelConfig config;
    final ModelDescription description;
    final ArchitectureTraits traits;
    final Kernels kernels;
    final int dModel;
    final int heads;
    final int kvHeads;
    final int headDim;
    final int valueDim;
    final int vocab;
    final double eps;
    /** Multiplies token embeddings (√d_model for Gemma, else 1). */
    final float embeddingScale;
    /** Multiplies q·k before softmax (1/√head_dim unless the architecture says otherwise). */
    final float attentionScale;
    final WeightMatrix embeddings;
    final WeightMatrix output;
    final float[] outputNorm;
    final LayerWeights[] layers;
    /** The RoPE of each layer (Gemma 3's sliding-window layers have their own base). */
    final Rope[] rope;
    /** Each layer's sliding window, 0 for full attention. */
    final int[] window;

    Model(ModelSource source, ModelDescription description, Kernels kernels, int vocab,
          WeightMatrix embeddings, WeightMatrix output, float[] outputNorm, LayerWeights[] layers, Rope[] rope,
          int[] window) {
        this.source = source;
        this.config = description.config();
        this.description = description;
        this.traits = description.traits().orElseThrow();
        this.kernels = kernels;
        this.dModel = config.embeddingLength();
        this.heads = config.heads();
        this.kvHeads = config.kvHeads();
        this.headDim = config.headDim();
        this.valueDim = config.valueHeadDim();
        this.vocab = vocab;
        this.eps = config.normEps();
        this.embeddingScale = description.embeddingScale();
        this.attentionScale = description.attentionScale();
        this.embeddings = embeddings;
        this.output = output;
        this.outputNorm = outputNorm;
        this.layers = layers;
        this.rope = rope;
        this.window = window;
    }

    /** Opens the weights of {@code source} (see {@link ModelLoader}). */
    public static Model load(ModelSource source, Kernels kernels) {
        return ModelLoader.load(source, kernels, NO_PROGRESS);
    }

    /**
     * Like {@link #load(ModelSource, Kernels)}, telling {@code layersLoaded} how many of the
     * {@code config().layers()} layers are ready after each one (ending with all of them), so that a caller can draw
     * progress for a large model without the engine knowing how.
     */
    public static Model load(ModelSource source, Kernels kernels, LongConsumer layersLoaded) {
        return ModelLoader.load(source, kernels, layersLoaded);
    }

    public ModelSource source() {
        return source;
    }

    public ModelConfig config() {
        return config;
    }

    public ArchitectureTraits traits() {
        return traits;
    }

    /** The model layer by layer, as the loader read it (the same description kv-cost and inspect use). */
    public ModelDescription description() {
        return description;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** Logits per position: the output projection's rows. */
    public int vocabSize() {
        return vocab;
    }

    /** Token ids the embedding table holds (usually the vocabulary size). */
    public int embeddingRows() {
        return embeddings.rows();
    }

    /** Width of the residual stream and of each embedding row (d_model). */
    public int embeddingLength() {
        return dModel;
    }

    /** What the forward pass multiplies each embedding row by before the first layer (√d_model for Gemma, else 1). */
    public float embeddingScale() {
        return embeddingScale;
    }

    /** The storage type of {@code token_embd} (F32, F16, Q8_0 …): rows are dequantized as they are read. */
    public GgmlType embeddingType() {
        return embeddings.tensor().type();
    }

    /**
     * Row {@code id} of {@code token_embd} as stored (dequantized, before {@link #embeddingScale}) into
     * {@code dst[dstOffset …]}: the same lookup the forward pass does.
     */
    public void embeddingRow(int id, float[] dst, int dstOffset) {
        if (id < 0 || id >= embeddings.rows()) {
            throw new LlmxException("token id " + id + " is outside the model's vocabulary (0–"
                    + (embeddings.rows() - 1) + ")");
        }
        embeddings.decodeRow(id, dst, dstOffset);
    }

    /** Query heads per layer. */
    public int heads() {
        return heads;
    }

    /** Key/value heads per layer (fewer than {@link #heads} with grouped-query attention). */
    public int kvHeads() {
        return kvHeads;
    }

    public int headDim() {
        return headDim;
    }

    public int valueDim() {
        return valueDim;
    }

    /** What q·k is multiplied by before the softmax. */
    public float attentionScale() {
        return attentionScale;
    }

    /** Layer {@code layer}'s sliding window in positions, 0 for full (causal) attention. */
    public int window(int layer) {
        return window[layer];
    }

    /** Layer {@code layer}'s rotary position embedding. */
    public Rope rope(int layer) {
        return rope[layer];
    }

    public int layerCount() {
        return layers.length;
    }

    /** The context the model was trained for (its metadata), or 0 when the file does not say. */
    public long trainedContext() {
        return config.contextLength();
    }
}
