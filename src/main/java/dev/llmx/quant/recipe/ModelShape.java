package dev.llmx.quant.recipe;

/**
 * The few facts about a model that llama-quantize's rules look at.
 *
 * @param architecture llama.cpp's name ({@code llama}, {@code falcon}: Falcon has rules of its own)
 * @param layers       n_layer: spreads the "more bits" layers over the depth
 * @param heads        query heads
 * @param kvHeads      key/value heads; heads / kvHeads ≥ 4 (strong GQA) earns attn_v more bits in some mixes
 * @param experts      experts per MoE layer (0 or 1 for a dense model); 8-expert models get their own rules
 */
public record ModelShape(String architecture, int layers, int heads, int kvHeads, int experts) {

    /** Query heads per KV head, as llama.cpp's {@code n_gqa()} (0 when unknown). */
    public int gqa() {
        return kvHeads > 0 ? heads / kvHeads : 0;
    }

    public boolean isFalcon() {
        return architecture.equals("falcon");
    }

    /**
     * Llama 2/3 70B (80 layers with grouped-query attention): llama.cpp's {@code LLM_TYPE_70B}, whose small shared
     * attn_v gets Q5_K instead of Q3_K/Q4_K for a negligible size increase.
     */
    public boolean is70B() {
        return architecture.equals("llama") && layers == 80 && heads != kvHeads;
    }
}
