package dev.llmx.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufValue;
import dev.llmx.model.HfConfigKeys;

import java.util.Map;

/**
 * The {@code general.*} and {@code llama.*} keys convert_hf_to_gguf.py writes for a llama-family config.json, in its
 * order: TextModel's hyperparameters, then LlamaModel's vocabulary size and RoPE dimensions.
 */
public final class HfHyperparameters {
    private final JsonNode config;
    private final String arch;

    public HfHyperparameters(JsonNode config, String arch) {
        this.config = config.has("text_config") && config.get("text_config").isObject() ? merged(config) : config;
        this.arch = arch;
    }

    private static JsonNode merged(JsonNode config) {
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        config.get("text_config").properties().forEach(e -> copy.set(e.getKey(), e.getValue()));
        return copy;
    }

    /** The first of {@code keys} that config.json has (a number), or null. */
    private JsonNode find(String... keys) {
        for (String k : keys) {
            JsonNode n = config.get(k);
            if (n != null && !n.isNull()) {
                return n;
            }
        }
        return null;
    }

    private long integer(JsonNode n, String what) {
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < 0
                || n.longValue() > 0xFFFF_FFFFL) {
            throw new LlmxException("config.json: " + what + " must be a whole number, not " + n);
        }
        return n.longValue();
    }

    private long required(String what, String... keys) {
        JsonNode n = find(keys);
        if (n == null) {
            throw new LlmxException("config.json has no " + String.join(" or ", keys) + " (" + what + ")");
        }
        return integer(n, keys[0]);
    }

    public int layers() {
        return (int) required("layer count", HfConfigKeys.LAYERS);
    }

    public int heads() {
        return (int) required("attention heads", HfConfigKeys.HEADS);
    }

    public int kvHeads() {
        JsonNode n = find(HfConfigKeys.KV_HEADS);
        return n == null ? heads() : (int) integer(n, "num_key_value_heads");
    }

    public int experts() {
        JsonNode n = find(HfConfigKeys.EXPERTS);
        return n == null ? 0 : (int) integer(n, "num_local_experts");
    }

    public long hiddenSize() {
        return required("embedding length", HfConfigKeys.HIDDEN_SIZE);
    }

    /** head_dim, or hidden_size / heads as LlamaModel computes the RoPE dimensions. */
    public int headDim() {
        JsonNode n = find("head_dim");
        return n != null ? (int) integer(n, "head_dim") : (int) (hiddenSize() / heads());
    }

    /** The RoPE parameters: transformers' newer {@code rope_parameters} or the older {@code rope_scaling}. */
    JsonNode ropeParameters() {
        JsonNode p = find("rope_parameters", "rope_scaling");
        return p != null && p.isObject() ? p : null;
    }

    public double ropeTheta() {
        JsonNode p = ropeParameters();
        if (p != null && p.path("rope_theta").isNumber()) {
            return p.get("rope_theta").asDouble();
        }
        JsonNode n = find(HfConfigKeys.ROPE_THETA);
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /** "llama3", "linear", "yarn" … or null. */
    public String ropeType() {
        JsonNode p = ropeParameters();
        if (p == null) {
            return null;
        }
        JsonNode t = p.has("rope_type") ? p.get("rope_type") : p.get("type");
        return t != null && t.isTextual() ? t.textValue() : null;
    }

    public Map<String, GgufValue> keys() {
        String a = arch + ".";
        GgufKeys k = new GgufKeys();
        k.u32(a + "block_count", layers());
        JsonNode ctx = find(HfConfigKeys.CONTEXT);
        if (ctx != null) {
            k.u32(a + "context_length", integer(ctx, "max_position_embeddings"));
        }
        k.u32(a + "embedding_length", hiddenSize());
        JsonNode ff = find(HfConfigKeys.FFN);
        if (ff != null) {
            k.u32(a + "feed_forward_length", integer(ff, "intermediate_size"));
        }
        k.u32(a + "attention.head_count", heads());
        if (find(HfConfigKeys.KV_HEADS) != null) {
            k.u32(a + "attention.head_count_kv", kvHeads());
        }
        if (config.path("is_causal").isBoolean() && !config.get("is_causal").booleanValue()) {
            k.bool(a + "attention.causal", false);
        }
        ropeScaling(k, a);
        double theta = ropeTheta();
        if (!Double.isNaN(theta)) {
            k.f32(a + "rope.freq_base", theta);
        }
        JsonNode rms = find(HfConfigKeys.RMS_EPS);
        if (rms != null && rms.isNumber()) {
            k.f32(a + "attention.layer_norm_rms_epsilon", rms.asDouble());
        }
        JsonNode ln = find(HfConfigKeys.LAYER_NORM_EPS);
        if (ln != null && ln.isNumber()) {
            k.f32(a + "attention.layer_norm_epsilon", ln.asDouble());
        }
        if (experts() > 0) {
            k.u32(a + "expert_count", experts());
        }
        JsonNode used = find(HfConfigKeys.EXPERTS_USED);
        if (used != null) {
            k.u32(a + "expert_used_count", integer(used, "num_experts_per_tok"));
        }
        if (find("head_dim") != null) {
            k.u32(a + "attention.key_length", headDim());
            k.u32(a + "attention.value_length", headDim());
        }
        k.u32(a + "vocab_size", required("vocabulary size", "vocab_size"));
        k.u32(a + "rope.dimension_count", headDim());
        return k.toMap();
    }

    private void ropeScaling(GgufKeys k, String a) {
        String type = ropeType();
        JsonNode p = ropeParameters();
        if (type == null || p == null) {
            return;
        }
        JsonNode factor = p.get("factor");
        switch (type) {
            case "linear" -> {
                if (factor != null && factor.isNumber()) {
                    k.string(a + "rope.scaling.type", "linear").f32(a + "rope.scaling.factor", factor.asDouble());
                }
            }
            case "yarn" -> {
                if (factor != null && factor.isNumber()) {
                    k.string(a + "rope.scaling.type", "yarn").f32(a + "rope.scaling.factor", factor.asDouble());
                    k.u32(a + "rope.scaling.original_context_length",
                            integer(p.get("original_max_position_embeddings"), "original_max_position_embeddings"));
                }
            }
            case "llama3", "default" -> { }
            default -> throw new LlmxException("config.json: RoPE scaling '" + type + "' is not supported by llmx's"
                    + " converter; convert this model with llama.cpp's convert_hf_to_gguf.py");
        }
    }
}
