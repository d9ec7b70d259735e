package dev.llmx.kvcache;

import dev.llmx.LlmxException;
import dev.llmx.model.LayerDescription;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelDescription;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;

import java.util.List;
import java.util.Set;

/**
 * {@code kv-cost -m MODEL}: the cost model's description of a real model file, read from the same
 * {@link ModelDescription} the engine loads (so which layers slide, and by how much, is what the engine allocates),
 * and how that file stores its weights.
 */
public final class ModelFileShape {
    /** Architectures that cache a compressed latent (MLA) rather than K and V per head. */
    private static final Set<String> LATENT_ATTENTION = Set.of("deepseek2", "deepseek3", "kimi-k2", "minicpm3");

    private ModelFileShape() {
    }

    public static KvModel of(ModelSource source) {
        ModelDescription description = ModelDescription.of(source);
        ModelConfig c = description.config();
        String file = source.path().getFileName() == null ? source.path().toString()
                : source.path().getFileName().toString();
        if (LATENT_ATTENTION.contains(c.architecture())) {
            throw new LlmxException(file + ": " + c.architecture() + " caches a compressed latent (MLA) whose sizes "
                    + "llmx does not read from files yet; use --preset deepseek-v3 or give --layers/--kv-heads/--head-dim");
        }
        List<String> missing = c.missing().stream()
                .filter(m -> m.equals("n_layers") || m.equals("n_kv_heads") || m.equals("head_dim")).toList();
        if (!missing.isEmpty()) {
            throw new LlmxException(file + " has no KV-cache metadata (" + String.join(", ", missing)
                    + " missing); give --layers, --kv-heads and --head-dim instead");
        }
        KvModel.Builder b = KvModel.builder(file, file + " (" + c.architecture() + ")")
                .source(source.path().toAbsolutePath().toString())
                .shape(c.layers(), c.embeddingLength(), c.heads(), c.kvHeads())
                .headDim(c.headDim())
                .ffn(c.ffnLength())
                .vocab(c.vocabSize(), c.tiedEmbeddings())
                .nativeContext(c.contextLength());
        if (c.valueHeadDim() > 0 && c.valueHeadDim() != c.headDim()) {
            b.valueHeadDim(c.valueHeadDim());
        }
        boolean[] sliding = new boolean[description.layers().size()];
        for (LayerDescription layer : description.layers()) {
            sliding[layer.index()] = layer.sliding();
        }
        if (c.slidingWindow() > 0 && description.layers().stream().anyMatch(LayerDescription::sliding)) {
            b.windows(AttentionWindows.ofLayers(c.slidingWindow(), sliding));
        }
        // Biases, q/k norms and sinks follow from the tensors, as in the engine's loader.
        b.attentionBias(source.findTensor("blk.0.attn_q.bias").isPresent(),
                source.findTensor("blk.0.attn_output.bias").isPresent());
        b.qkNorm(source.findTensor("blk.0.attn_q_norm.weight").isPresent());
        b.attentionSinks(source.findTensor("blk.0.attn_sinks.weight").isPresent());
        ModelConfig.Experts experts = c.experts();
        if (experts.present()) {
            if (experts.used() < 1 || experts.used() > experts.count() || experts.ffnLength() < 1) {
                throw new LlmxException(file + ": the metadata says each token uses " + experts.used() + " of "
                        + experts.count() + " experts of FFN " + experts.ffnLength() + "; that is not a valid mixture");
            }
            b.moe(new Moe(experts.count(), experts.used(), 0, experts.ffnLength(), 0,
                    source.findTensor("blk.0.ffn_gate_inp.bias").isPresent(),
                    source.findTensor("blk.0.ffn_up_exps.bias").isPresent()));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new LlmxException(file + ": " + e.getMessage());
        }
    }

    /** The file's weights: its tensors' bytes for their values, labelled with its recipe when it names one. */
    public static FileWeights weights(ModelSource source) {
        long bytes = 0;
        long values = 0;
        for (ModelTensor t : source.tensors()) {
            bytes = Math.addExact(bytes, t.info().byteSize());
            values = Math.addExact(values, t.info().elements());
        }
        if (values == 0) {
            throw new LlmxException(source.path() + " holds no weights (a vocabulary-only file?)");
        }
        String label = source.fileType().orElse(String.format(java.util.Locale.ROOT, "as stored, %.2f bits/weight",
                8.0 * bytes / values));
        return new FileWeights(label, bytes, values);
    }
}
