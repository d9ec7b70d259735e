package dev.llmx.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.TensorInfo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfConfigMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TensorInfo EMBEDDING = TensorInfo.of("token_embd.weight", GgmlType.BF16, new long[] {2048, 151936}, 0);

    private static ModelConfig map(String json, boolean hasOutput) throws Exception {
        JsonNode node = JSON.readTree(json);
        return HfConfigMapping.map(node, EMBEDDING, hasOutput);
    }

    @Test
    void qwen2WithDisabledSlidingWindowAndDefaults() throws Exception {
        ModelConfig c = map("""
                {"model_type": "qwen2", "hidden_size": 2048, "num_hidden_layers": 36, "num_attention_heads": 16,
                 "num_key_value_heads": 2, "intermediate_size": 11008, "max_position_embeddings": 32768,
                 "rope_theta": 1000000.0, "rms_norm_eps": 1e-06, "sliding_window": 32768, "use_sliding_window": false,
                 "tie_word_embeddings": true, "vocab_size": 151936}""", false);
        assertEquals("qwen2", c.architecture());
        assertEquals(128, c.headDim(), "hidden / heads when head_dim is absent");
        assertEquals(8, c.groupSize());
        assertEquals(0, c.slidingWindow());
        assertEquals(1e6, c.rope().base());
        assertEquals(128, c.rope().dimensions());
        assertEquals(RopeLayout.HALVES, c.rope().layout());
        assertTrue(c.tiedEmbeddings(), "no lm_head.weight");
        assertFalse(c.rope().isScaled());
    }

    @Test
    void gemma3NestedTextConfigWithScalingAndExplicitHeadDim() throws Exception {
        ModelConfig c = map("""
                {"model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"],
                 "text_config": {"model_type": "gemma3_text", "hidden_size": 2560, "num_hidden_layers": 34,
                   "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "intermediate_size": 10240,
                   "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "rope_theta": 1000000.0,
                   "sliding_window": 1024, "rms_norm_eps": 1e-06, "vocab_size": 262208}}""", false);
        assertEquals("gemma3", c.architecture());
        assertEquals(2560, c.embeddingLength());
        assertEquals(256, c.headDim());
        assertEquals(1024, c.slidingWindow());
        assertEquals("linear", c.rope().scalingType());
        assertEquals(8.0, c.rope().scalingFactor());
        assertTrue(c.normWeightsPlusOne(), "Gemma stores norm weights as w and applies 1 + w");
    }

    @Test
    void llama3RopeScalingAndMissingKvHeads() throws Exception {
        ModelConfig c = map("""
                {"model_type": "llama", "hidden_size": 2048, "num_hidden_layers": 16, "num_attention_heads": 32,
                 "intermediate_size": 8192, "rms_norm_eps": 1e-05, "rope_theta": 500000.0,
                 "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                   "original_max_position_embeddings": 8192, "rope_type": "llama3"}}""", true);
        assertEquals(32, c.kvHeads(), "KV heads default to the query heads");
        assertEquals("llama3", c.rope().scalingType());
        assertEquals(8192, c.rope().originalContextLength());
        assertEquals(151936, c.vocabSize(), "from the embedding when the config has no vocab_size");
        assertFalse(c.tiedEmbeddings());
        assertFalse(c.normWeightsPlusOne());
    }

    @Test
    void mistralMapsToLlamaAndGpt2HasNoRope() throws Exception {
        assertEquals("llama", map("{\"model_type\": \"mistral\"}", true).architecture());
        ModelConfig gpt2 = map("{\"model_type\": \"gpt2\", \"n_embd\": 768, \"n_layer\": 12, \"n_head\": 12,"
                + " \"n_positions\": 1024, \"layer_norm_epsilon\": 1e-05}", true);
        assertEquals(RopeLayout.NONE, gpt2.rope().layout());
        assertEquals(NormKind.LAYER, gpt2.norm());
        assertEquals(768, gpt2.embeddingLength());
        assertEquals(1024, gpt2.contextLength());
    }

    @Test
    void wrongTypesAreNamed() {
        LlmxException e = assertThrows(LlmxException.class, () -> map("{\"model_type\": \"llama\", \"hidden_size\": \"big\"}", true));
        assertTrue(e.getMessage().contains("hidden_size"), e.getMessage());
        assertThrows(LlmxException.class, () -> map("{\"hidden_size\": 4}", true));
    }

    @Test
    void hfTensorNamesMapToGgufNames() {
        assertEquals("blk.12.attn_q.weight", HfTensorNames.toGguf("model.layers.12.self_attn.q_proj.weight", "llama"));
        assertEquals("blk.0.attn_k.bias", HfTensorNames.toGguf("model.layers.0.self_attn.k_proj.bias", "qwen2"));
        assertEquals("blk.0.ffn_norm.weight", HfTensorNames.toGguf("model.layers.0.post_attention_layernorm.weight", "llama"));
        assertEquals("blk.0.post_attention_norm.weight",
                HfTensorNames.toGguf("model.layers.0.post_attention_layernorm.weight", "gemma3"));
        assertEquals("blk.0.ffn_norm.weight", HfTensorNames.toGguf("model.layers.0.pre_feedforward_layernorm.weight", "gemma3"));
        assertEquals("blk.1.ffn_up.weight", HfTensorNames.toGguf("model.layers.1.mlp.gate_up_proj.weight", "phi3"));
        assertEquals("output.weight", HfTensorNames.toGguf("lm_head.weight", "llama"));
        assertEquals("token_embd.weight", HfTensorNames.toGguf("model.embed_tokens.weight", "llama"));
        assertEquals("model.rotary_emb.inv_freq", HfTensorNames.toGguf("model.rotary_emb.inv_freq", "llama"));
    }
}
