package dev.llmx.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face tensor names → llama.cpp's GGUF names, so that the engine finds {@code blk.0.attn_q.weight} whichever
 * file a model came from. Names it does not know are kept as they are.
 */
final class HfTensorNames {
    private static final Pattern LAYER = Pattern.compile("^(?:model\\.|transformer\\.|model\\.language_model\\.)?layers\\.(\\d+)\\.(.+)\\.(weight|bias)$");

    private static final Map<String, String> TOP = Map.of(
            "model.embed_tokens", "token_embd",
            "model.language_model.embed_tokens", "token_embd",
            "lm_head", "output",
            "model.norm", "output_norm",
            "model.language_model.norm", "output_norm");

    private static final Map<String, String> IN_LAYER = new LinkedHashMap<>();

    static {
        IN_LAYER.put("input_layernorm", "attn_norm");
        IN_LAYER.put("self_attn.q_proj", "attn_q");
        IN_LAYER.put("self_attn.k_proj", "attn_k");
        IN_LAYER.put("self_attn.v_proj", "attn_v");
        IN_LAYER.put("self_attn.o_proj", "attn_output");
        IN_LAYER.put("self_attn.qkv_proj", "attn_qkv");
        IN_LAYER.put("self_attn.q_norm", "attn_q_norm");
        IN_LAYER.put("self_attn.k_norm", "attn_k_norm");
        IN_LAYER.put("post_attention_layernorm", "ffn_norm");
        IN_LAYER.put("mlp.gate", "ffn_gate_inp");
        IN_LAYER.put("block_sparse_moe.gate", "ffn_gate_inp");
        IN_LAYER.put("mlp.gate_proj", "ffn_gate");
        IN_LAYER.put("mlp.up_proj", "ffn_up");
        IN_LAYER.put("mlp.down_proj", "ffn_down");
        IN_LAYER.put("mlp.gate_up_proj", "ffn_up");
    }

    /** Gemma 2/3 norm both sides of attention and of the FFN; their post-attention norm is not the FFN's input norm. */
    private static final Map<String, String> GEMMA_NORMS = Map.of(
            "post_attention_layernorm", "post_attention_norm",
            "pre_feedforward_layernorm", "ffn_norm",
            "post_feedforward_layernorm", "post_ffw_norm");

    private HfTensorNames() {
    }

    static String toGguf(String hfName, String arch) {
        for (Map.Entry<String, String> e : TOP.entrySet()) {
            if (hfName.equals(e.getKey() + ".weight")) {
                return e.getValue() + ".weight";
            }
        }
        Matcher m = LAYER.matcher(hfName);
        if (!m.matches()) {
            return hfName;
        }
        String part = m.group(2);
        String mapped = null;
        if (arch.equals("gemma2") || arch.equals("gemma3")) {
            mapped = GEMMA_NORMS.get(part);
        }
        if (mapped == null) {
            mapped = IN_LAYER.get(part);
        }
        return mapped == null ? hfName : "blk." + m.group(1) + "." + mapped + "." + m.group(3);
    }
}
