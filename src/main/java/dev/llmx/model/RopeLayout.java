package dev.llmx.model;

/**
 * Which elements of a head RoPE rotates together. Both layouts compute the same attention when the q/k weights
 * match them: llama.cpp's converter permutes the q/k rows of llama-family models so that adjacent pairs line up,
 * while Hugging Face files keep the original rotate-half order. The engine must use the layout the weights were
 * written for, so every model description records it.
 */
public enum RopeLayout {
    /** Pairs (2i, 2i+1): llama.cpp's "normal" RoPE; GGUF llama-family files (q/k rows permuted by the converter). */
    INTERLEAVED("interleaved"),
    /** Pairs (i, i + n_rot/2): rotate_half; every Hugging Face file, and llama.cpp's NEOX archs (qwen2, gemma3, phi3). */
    HALVES("halves"),
    /** The architecture has no RoPE (learned or no positional embeddings). */
    NONE("none"),
    /** An architecture llmx does not know. */
    UNKNOWN("unknown");

    private final String jsonName;

    RopeLayout(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling in JSON output. */
    public String jsonName() {
        return jsonName;
    }
}
