package dev.llmx.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmx.LlmxException;
import dev.llmx.tensor.TensorInfo;

import java.util.Map;

/**
 * Reads a {@link ModelConfig} from a Hugging Face {@code config.json} (transformers' key names, with the older GPT-2
 * style aliases), producing the same description the GGUF path gives for the same model. Multimodal configs that nest
 * the language model under {@code text_config} are read from there.
 */
final class HfConfigMapping {
    private final JsonNode c;

    private HfConfigMapping(JsonNode config) {
        this.c = textConfig(config);
    }

    /**
     * @param embedding the token embedding's info (ggml-order shape), or null; gives the vocabulary size when the
     *                  config does not
     * @param hasOutput whether the folder has a separate output projection ({@code lm_head.weight})
     */
    static ModelConfig map(JsonNode config, TensorInfo embedding, boolean hasOutput) {
        return new HfConfigMapping(config).map(embedding, hasOutput);
    }

    static String architecture(JsonNode config) {
        JsonNode type = textConfig(config).get("model_type");
        if (type == null || !type.isTextual()) {
            type = config.get("model_type");
        }
        if (type == null || !type.isTextual()) {
            throw new LlmxException("config.json has no model_type; is this a transformers model folder?");
        }
        return Architectures.fromHfModelType(type.textValue());
    }

    private static JsonNode textConfig(JsonNode config) {
        JsonNode text = config.get("text_config");
        if (text == null || !text.isObject()) {
            return config;
        }
        ObjectNode merged = config.deepCopy();
        merged.remove("text_config");
        for (Map.Entry<String, JsonNode> e : text.properties()) {
            merged.set(e.getKey(), e.getValue());
        }
        return merged;
    }

    private ModelConfig map(TensorInfo embedding, boolean hasOutput) {
        String arch = architecture(c);
        int dModel = intOf(HfConfigKeys.HIDDEN_SIZE);
        int layers = intOf(HfConfigKeys.LAYERS);
        int heads = intOf(HfConfigKeys.HEADS);
        int kvHeads = first(HfConfigKeys.KV_HEADS) != null ? intOf(HfConfigKeys.KV_HEADS) : heads;
        int headDim = has("head_dim") ? intOf("head_dim") : heads > 0 ? dModel / heads : 0;
        int ffn = intOf(HfConfigKeys.FFN);
        long context = longOf(HfConfigKeys.CONTEXT);
        int vocab = intOf("vocab_size");
        if (vocab == 0 && embedding != null && embedding.dims() >= 2) {
            vocab = (int) Math.min(Integer.MAX_VALUE, embedding.dim(1));
        }

        NormKind norm = NormKind.UNKNOWN;
        double eps = 0;
        String rms = first(HfConfigKeys.RMS_EPS);
        String layerNorm = first(HfConfigKeys.LAYER_NORM_EPS);
        if (rms != null) {
            norm = NormKind.RMS;
            eps = doubleOf(rms);
        } else if (layerNorm != null) {
            norm = NormKind.LAYER;
            eps = doubleOf(layerNorm);
        }

        // The tensors decide: a folder without lm_head.weight ties the output to the embeddings, whatever the
        // config's tie_word_embeddings default (which differs between model classes) would say.
        boolean tied = embedding != null ? !hasOutput : bool("tie_word_embeddings");
        // Qwen2 configs carry a sliding_window that use_sliding_window=false switches off.
        int window = has("sliding_window") && c.path("use_sliding_window").asBoolean(true) ? intOf("sliding_window") : 0;
        return new ModelConfig(arch, dModel, layers, heads, kvHeads, headDim, headDim, ffn, context, vocab,
                rope(arch, headDim), norm, eps, tied, window, Architectures.hfNormPlusOne(arch), experts(ffn));
    }

    /** Qwen-MoE's num_experts / num_experts_per_tok / moe_intermediate_size; Mixtral's num_local_experts. */
    private ModelConfig.Experts experts(int ffn) {
        int count = intOf(HfConfigKeys.EXPERTS);
        if (count <= 0) {
            return ModelConfig.Experts.NONE;
        }
        int ffnLength = intOf("moe_intermediate_size");
        return new ModelConfig.Experts(count, intOf(HfConfigKeys.EXPERTS_USED),
                ffnLength > 0 ? ffnLength : ffn);
    }

    private RopeConfig rope(String arch, int headDim) {
        RopeLayout layout = Architectures.ggufRopeLayout(arch) == RopeLayout.NONE ? RopeLayout.NONE : RopeLayout.HALVES;
        JsonNode params = c.path("rope_parameters");
        double base = has("rope_theta") ? doubleOf("rope_theta")
                : params.path("rope_theta").isNumber() ? params.path("rope_theta").asDouble() : RopeConfig.DEFAULT_BASE;
        double partial = has("partial_rotary_factor") ? doubleOf("partial_rotary_factor") : 1.0;
        int dims = (int) Math.round(headDim * partial);
        JsonNode scaling = c.path("rope_scaling");
        if (!scaling.isObject()) {
            return new RopeConfig(base, dims, layout, "none", 1.0, 0);
        }
        String type = scaling.path("rope_type").asText(scaling.path("type").asText("none"));
        if (type.equals("default")) {
            type = "none";
        }
        double factor = scaling.path("factor").asDouble(1.0);
        long original = scaling.path("original_max_position_embeddings").asLong(0);
        return new RopeConfig(base, dims, layout, type, factor, original);
    }

    /** The first of {@code keys} that config.json gives (not null), or null. */
    private String first(String[] keys) {
        for (String k : keys) {
            if (has(k)) {
                return k;
            }
        }
        return null;
    }

    private boolean has(String key) {
        JsonNode n = c.get(key);
        return n != null && !n.isNull();
    }

    private JsonNode number(String key) {
        JsonNode n = c.get(key);
        if (n != null && !n.isNull() && !n.isNumber()) {
            throw new LlmxException("config.json: " + key + " must be a number, not " + n);
        }
        return n;
    }

    private int intOf(String... keys) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, longOf(keys)));
    }

    private long longOf(String... keys) {
        for (String k : keys) {
            JsonNode n = number(k);
            if (n != null && !n.isNull()) {
                if (!n.canConvertToLong() || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new LlmxException("config.json: " + k + " must be a whole number, not " + n);
                }
                return n.longValue();
            }
        }
        return 0;
    }

    private double doubleOf(String key) {
        JsonNode n = number(key);
        return n == null || n.isNull() ? 0 : n.doubleValue();
    }

    private boolean bool(String key) {
        return c.path(key).asBoolean(false);
    }
}
