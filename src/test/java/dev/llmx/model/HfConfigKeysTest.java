package dev.llmx.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.convert.HfHyperparameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model description and the GGUF converter read config.json through one alias list ({@link HfConfigKeys}): a
 * config in llama2.c's spelling means the same model to both (before, the description missed dim, n_layers,
 * n_heads, hidden_dim and norm_eps that the converter read).
 */
class HfConfigKeysTest {
    @Test
    void aliasesMeanTheSameToTheDescriptionAndTheConverter() throws Exception {
        JsonNode config = new ObjectMapper().readTree("{\"model_type\": \"llama\", \"dim\": 64, \"n_layers\": 5,"
                + " \"n_heads\": 8, \"n_kv_heads\": 4, \"hidden_dim\": 172, \"norm_eps\": 1e-5, \"vocab_size\": 512,"
                + " \"max_seq_len\": 256, \"n_positions\": 256, \"num_experts\": 4, \"experts_per_token\": 2}");
        ModelConfig c = HfConfigMapping.map(config, null, true);
        HfHyperparameters hp = new HfHyperparameters(config, "llama");
        assertEquals(64, c.embeddingLength());
        assertEquals(hp.hiddenSize(), c.embeddingLength());
        assertEquals(5, c.layers());
        assertEquals(hp.layers(), c.layers());
        assertEquals(hp.heads(), c.heads());
        assertEquals(hp.kvHeads(), c.kvHeads());
        assertEquals(hp.headDim(), c.headDim());
        assertEquals(172, c.ffnLength());
        assertEquals(NormKind.RMS, c.norm());
        assertEquals(256, c.contextLength());
        assertEquals(hp.experts(), c.experts().count());
        assertEquals(new ModelConfig.Experts(4, 2, 172), c.experts());
        assertEquals("[]", c.missing().toString());
    }
}
