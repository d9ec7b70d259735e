package dev.llmx.kvcache;

import dev.llmx.LlmxException;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;

import java.util.List;
import java.util.Set;

/**
 * {@code kv-cost -m MODEL}: the cost model's description of a real model file (GGUF metadata or a Hugging Face
 * config.json, through the one {@link ModelConfig} both produce), and how that file stores its weights.
 */
public final class ModelFileShape {
    /**
     * Architectures whose sliding window applies to only some layers, and how often a layer attends globally,
     * as llama.cpp and transformers lay them out (Gemma 3: five local, one global; Gemma 2 and gpt-oss alternate).
     * Any other architecture with a window applies it to every layer.
     */
    private static final java.util.Map<String, Integer> GLOBAL_EVERY = java.util.Map.of(
            "gemma3", 6, "gemma3n", 5, "gemma2", 2, "gpt-oss", 2, "cohere2", 4);

    /** Architectures that cache a compressed latent (MLA) rather than K and V per head. */
    private static final Set<String> LATENT_ATTENTION = Set.of("deepseek2", "deepseek3", "kimi-k2", "minicpm3");

    private ModelFileShape() {
    }

    public static KvModel of(ModelSource source) {
        ModelConfig c = source.config();
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
        if (c.slidingWindow() > 0) {
            Integer every = GLOBAL_EVERY.get(c.architecture());
            b.windows(every == null ? AttentionWindows.allLayers(c.layers(), c.slidingWindow())
                    : AttentionWindows.globalEvery(c.layers(), c.slidingWindow(), every));
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
