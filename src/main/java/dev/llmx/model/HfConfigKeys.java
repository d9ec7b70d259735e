package dev.llmx.model;

/**
 * The config.json keys of each hyperparameter, in the order they are tried (the first present wins): the one list
 * that the model description ({@link HfConfigMapping}) and the converter that writes GGUF metadata
 * ({@code convert/HfHyperparameters}) both read, so that a folder means the same model to every command. The
 * aliases are those of convert_hf_to_gguf.py's {@code find_hparam} calls and of llama2.c/GPT-2-style configs.
 */
public final class HfConfigKeys {
    public static final String[] HIDDEN_SIZE = {"hidden_size", "n_embd", "d_model", "dim"};
    public static final String[] LAYERS = {"num_hidden_layers", "n_layers", "n_layer", "num_layers"};
    public static final String[] HEADS = {"num_attention_heads", "n_head", "n_heads"};
    public static final String[] KV_HEADS = {"num_key_value_heads", "n_kv_heads"};
    public static final String[] FFN = {"intermediate_size", "n_inner", "ffn_dim", "hidden_dim"};
    public static final String[] CONTEXT = {"max_position_embeddings", "n_ctx", "n_positions", "max_length",
        "max_sequence_length", "model_max_length"};
    public static final String[] EXPERTS = {"num_local_experts", "num_experts"};
    public static final String[] EXPERTS_USED = {"num_experts_per_tok", "num_experts_per_token", "top_k_experts",
        "experts_per_token"};
    public static final String[] RMS_EPS = {"rms_norm_eps", "norm_eps"};
    public static final String[] LAYER_NORM_EPS = {"layer_norm_eps", "layer_norm_epsilon", "norm_epsilon"};
    public static final String[] ROPE_THETA = {"rope_theta", "rotary_emb_base"};

    private HfConfigKeys() {
    }
}
