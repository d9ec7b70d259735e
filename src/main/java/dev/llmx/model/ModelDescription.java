package dev.llmx.model;

import dev.llmx.ffn.Activation;
import dev.llmx.ffn.ExpertGating;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A model, layer by layer: which layers slide and by how much, each layer's RoPE, the feed-forward (dense or
 * experts), the attention and embedding scales. Derived once from a file's {@link ModelConfig} and metadata (GGUF or
 * config.json) with the architecture's {@link ArchitectureTraits}; the engine's loader and forward pass, kv-cost,
 * quantize and inspect all read this, so that they cannot disagree about a model.
 *
 * <p>It describes any architecture (kv-cost estimates models llmx does not run); {@link #traits()} is present only
 * for those the engine runs.
 */
public final class ModelDescription {
    private final ModelConfig config;
    private final Optional<ArchitectureTraits> traits;
    private final List<LayerDescription> layers;
    private final float attentionScale;
    private final float embeddingScale;

    private ModelDescription(ModelConfig config, Optional<ArchitectureTraits> traits, List<LayerDescription> layers,
                             float attentionScale, float embeddingScale) {
        this.config = config;
        this.traits = traits;
        this.layers = layers;
        this.attentionScale = attentionScale;
        this.embeddingScale = embeddingScale;
    }

    /** The description of an opened model. */
    public static ModelDescription of(ModelSource source) {
        Map<String, Object> metadata = new HashMap<>();
        for (MetadataEntry e : source.metadata()) {
            metadata.put(e.key(), e.value());
        }
        return of(source.config(), metadata);
    }

    /** The description of a model with {@code config} and these metadata values (GGUF keys, {@code config.*}). */
    public static ModelDescription of(ModelConfig config, Map<String, Object> metadata) {
        String arch = config.architecture();
        Optional<ArchitectureTraits> traits = ArchitectureTraits.find(arch);
        int every = ArchitectureTraits.slidingWindowEvery(arch);
        LayerRope global = globalRope(config, metadata);
        LayerRope local = localRope(config, metadata, traits, global);
        LayerDescription.FeedForward ffn = feedForward(config, traits);
        int n = Math.max(0, config.layers());
        List<LayerDescription> layers = new ArrayList<>(n);
        for (int l = 0; l < n; l++) {
            boolean sliding = config.slidingWindow() > 0 && ArchitectureTraits.isSlidingWindowLayer(every, l);
            layers.add(new LayerDescription(l, sliding ? config.slidingWindow() : 0, sliding ? local : global, ffn));
        }
        float embeddingScale = traits.map(ArchitectureTraits::scaleEmbeddings).orElse(false)
                ? (float) Math.sqrt(config.embeddingLength()) : 1f;
        return new ModelDescription(config, traits, List.copyOf(layers), attentionScale(config, metadata),
                embeddingScale);
    }

    public ModelConfig config() {
        return config;
    }

    /** The architecture's traits when the engine runs it. */
    public Optional<ArchitectureTraits> traits() {
        return traits;
    }

    public List<LayerDescription> layers() {
        return layers;
    }

    public LayerDescription layer(int index) {
        return layers.get(index);
    }

    /** What q·k is multiplied by before the softmax. */
    public float attentionScale() {
        return attentionScale;
    }

    /** What token embeddings are multiplied by (√d_model for Gemma, else 1). */
    public float embeddingScale() {
        return embeddingScale;
    }

    /** Whether any layer's feed-forward is a mixture of experts. */
    public boolean hasExperts() {
        return layers.stream().anyMatch(l -> l.ffn().isMoe());
    }

    private static LayerDescription.FeedForward feedForward(ModelConfig config, Optional<ArchitectureTraits> traits) {
        Activation act = traits.map(ArchitectureTraits::activation).orElse(Activation.SILU);
        ModelConfig.Experts e = config.experts();
        if (e.present()) {
            ExpertGating gating = traits.map(ArchitectureTraits::gating).orElse(ExpertGating.SOFTMAX_TOPK_NORMALISED);
            return new LayerDescription.FeedForward(act, e.ffnLength(), e.count(), e.used(), gating);
        }
        return new LayerDescription.FeedForward(act, config.ffnLength(), 0, 0, null);
    }

    private static LayerRope globalRope(ModelConfig config, Map<String, Object> md) {
        RopeConfig rope = config.rope();
        String arch = config.architecture();
        return new LayerRope(rope.dimensions(), rope.base(), rope.layout(), rope.scalingType(), rope.scalingFactor(),
                rope.originalContextLength(),
                number(md, "config.rope_scaling.low_freq_factor").orElse(1.0),
                number(md, "config.rope_scaling.high_freq_factor").orElse(4.0),
                number(md, arch + ".rope.scaling.yarn_beta_fast").orElse(
                        number(md, "config.rope_scaling.beta_fast").orElse(32.0)),
                number(md, arch + ".rope.scaling.yarn_beta_slow").orElse(
                        number(md, "config.rope_scaling.beta_slow").orElse(1.0)));
    }

    /**
     * The RoPE of sliding-window layers: where the architecture gives them their own base (Gemma 3), the file's
     * base for them if it gives one, and no scaling; otherwise the global layers' RoPE (as llama.cpp does).
     */
    private static LayerRope localRope(ModelConfig config, Map<String, Object> md,
                                       Optional<ArchitectureTraits> traits, LayerRope global) {
        double defaultBase = traits.map(ArchitectureTraits::localRopeBase).orElse(0.0);
        OptionalDouble gguf = number(md, config.architecture() + ".rope.freq_base_swa");
        OptionalDouble hf = number(md, "config.rope_local_base_freq");
        if (defaultBase == 0 && gguf.isEmpty() && hf.isEmpty()) {
            return global;
        }
        double base = gguf.isPresent() ? gguf.getAsDouble() : hf.orElse(defaultBase);
        return LayerRope.plain(global.dims(), base, global.layout());
    }

    private static float attentionScale(ModelConfig config, Map<String, Object> md) {
        OptionalDouble preAttn = number(md, "config.query_pre_attn_scalar");
        if (preAttn.isPresent()) {
            return (float) (1.0 / Math.sqrt(preAttn.getAsDouble()));
        }
        if (config.architecture().equals("gemma3") && config.layers() == 62) {
            // Gemma 3 27B scales queries by d_model / heads rather than the head size (llama.cpp does the same).
            return (float) (1.0 / Math.sqrt((double) config.embeddingLength() / config.heads()));
        }
        return (float) (1.0 / Math.sqrt(config.headDim()));
    }

    private static OptionalDouble number(Map<String, Object> md, String key) {
        Object v = md.get(key);
        return v instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }
}
