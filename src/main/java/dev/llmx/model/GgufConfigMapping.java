package dev.llmx.model;

import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufMetadata;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufValueType;
import dev.llmx.tensor.TensorInfo;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a {@link ModelConfig} from GGUF metadata, with llama.cpp's key names ({@code <arch>.embedding_length} …) and
 * its defaults (KV heads = heads, head size = d_model / heads, rotated dimensions = head size, rope base 10000).
 */
final class GgufConfigMapping {
    private final GgufMetadata md;
    private final String arch;

    private GgufConfigMapping(GgufMetadata md) {
        this.md = md;
        this.arch = md.getString("general.architecture").orElse("unknown");
    }

    static ModelConfig map(GgufMetadata md, List<TensorInfo> tensors) {
        return new GgufConfigMapping(md).map(tensors);
    }

    private ModelConfig map(List<TensorInfo> tensors) {
        int dModel = intKey("embedding_length");
        int layers = intKey("block_count");
        int heads = intOrMax("attention.head_count");
        int kvHeads = has("attention.head_count_kv") ? intOrMax("attention.head_count_kv") : heads;
        int headDim = has("attention.key_length") ? intKey("attention.key_length") : heads > 0 ? dModel / heads : 0;
        int valueDim = has("attention.value_length") ? intKey("attention.value_length") : headDim;
        int ffn = intOrMax("feed_forward_length");
        long context = longKey("context_length");

        NormKind norm = NormKind.UNKNOWN;
        double eps = 0;
        OptionalDouble rmsEps = md.getDouble(key("attention.layer_norm_rms_epsilon"));
        OptionalDouble layerEps = md.getDouble(key("attention.layer_norm_epsilon"));
        if (rmsEps.isPresent()) {
            norm = NormKind.RMS;
            eps = rmsEps.getAsDouble();
        } else if (layerEps.isPresent()) {
            norm = NormKind.LAYER;
            eps = layerEps.getAsDouble();
        }

        boolean hasOutput = tensors.stream().anyMatch(t -> t.name().equals("output.weight"));
        boolean hasEmbedding = tensors.stream().anyMatch(t -> t.name().equals("token_embd.weight"));
        return new ModelConfig(arch, dModel, layers, heads, kvHeads, headDim, valueDim, ffn, context,
                vocabSize(tensors), rope(headDim), norm, eps, hasEmbedding && !hasOutput,
                has("attention.sliding_window") ? intKey("attention.sliding_window") : 0, false, experts(ffn));
    }

    /** {@code expert_count}, {@code expert_used_count}, {@code expert_feed_forward_length} (else the FFN size). */
    private ModelConfig.Experts experts(int ffn) {
        int count = intKey("expert_count");
        if (count <= 0) {
            return ModelConfig.Experts.NONE;
        }
        return new ModelConfig.Experts(count, intKey("expert_used_count"),
                has("expert_feed_forward_length") ? intKey("expert_feed_forward_length") : ffn);
    }

    private RopeConfig rope(int headDim) {
        RopeLayout layout = Architectures.ggufRopeLayout(arch);
        double base = md.getDouble(key("rope.freq_base")).orElse(RopeConfig.DEFAULT_BASE);
        int dims = has("rope.dimension_count") ? intKey("rope.dimension_count") : headDim;
        String scaling = md.getString(key("rope.scaling.type")).orElse("none");
        double factor = md.getDouble(key("rope.scaling.factor")).orElse(1.0);
        OptionalDouble oldLinear = md.getDouble(key("rope.scale_linear"));
        if (scaling.equals("none") && oldLinear.isPresent() && oldLinear.getAsDouble() != 1.0) {
            scaling = "linear";
            factor = oldLinear.getAsDouble();
        }
        long original = md.getLong(key("rope.scaling.original_context_length")).orElse(0);
        return new RopeConfig(base, dims, layout, scaling, factor, original);
    }

    /** {@code <arch>.vocab_size}, else the token list's length, else the embedding's row count. */
    private int vocabSize(List<TensorInfo> tensors) {
        if (has("vocab_size")) {
            return intKey("vocab_size");
        }
        Optional<GgufArray> tokens = md.get("tokenizer.ggml.tokens").filter(v -> v.type() == GgufValueType.ARRAY)
                .map(GgufValue::asArray);
        if (tokens.isPresent()) {
            return tokens.get().length();
        }
        return tensors.stream().filter(t -> t.name().equals("token_embd.weight") && t.dims() >= 2)
                .mapToInt(t -> (int) Math.min(Integer.MAX_VALUE, t.dim(1))).findFirst().orElse(0);
    }

    private String key(String suffix) {
        return arch + "." + suffix;
    }

    private boolean has(String suffix) {
        return md.contains(key(suffix));
    }

    private int intKey(String suffix) {
        return clampToInt(longKey(suffix));
    }

    private long longKey(String suffix) {
        return md.getLong(key(suffix)).orElse(0);
    }

    /** Some archs (OpenELM, DeciLM) give per-layer arrays of head counts or FFN sizes; the largest stands for all. */
    private int intOrMax(String suffix) {
        Optional<GgufValue> v = md.get(key(suffix));
        if (v.isPresent() && v.get().type() == GgufValueType.ARRAY) {
            GgufArray a = v.get().asArray();
            long max = 0;
            for (int i = 0; i < a.length(); i++) {
                if (a.elementType().isInteger()) {
                    max = Math.max(max, a.getLong(i));
                }
            }
            return clampToInt(max);
        }
        return intKey(suffix);
    }

    private static int clampToInt(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
