package dev.llmx.model;

import dev.llmx.LlmxException;
import dev.llmx.ffn.Activation;
import dev.llmx.ffn.ExpertGating;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What sets one architecture's transformer apart from the plain Llama one: the whole difference between the
 * architectures llmx runs is this table, turned into a per-layer {@link ModelDescription} that the loader, the forward
 * pass, kv-cost, quantize and inspect all read. Biases, attention sinks, a separate or tied output and whether the
 * feed-forward is a mixture of experts need no entry: they follow from the tensors and metadata a file has.
 *
 * @param scaleEmbeddings    multiply token embeddings by √d_model (Gemma)
 * @param qkNorm             RMSNorm over each query and key head before RoPE ({@code attn_q_norm}, {@code attn_k_norm})
 * @param postNorms          RMSNorm on the attention and FFN outputs before they join the residual
 *                           ({@code post_attention_norm}, {@code post_ffw_norm}; Gemma 2/3)
 * @param fusedQkv           q, k and v come from one tensor {@code attn_qkv} (Phi-3)
 * @param fusedGateUp        gate and up come from one tensor {@code ffn_up}, gate first (Phi-3)
 * @param activation         the gate's nonlinearity: SiLU (SwiGLU), tanh-GELU (GeGLU), gpt-oss's clamped SwiGLU
 * @param slidingWindowEvery 0 when no layer uses the model's sliding window (whatever the metadata says: llama.cpp
 *                           runs Phi-3 with full attention); 1 when every layer does; n when every n-th layer attends
 *                           to the whole context and the others only to the window (Gemma 3: 6, gpt-oss: 2)
 * @param localRopeBase      RoPE base of the sliding-window layers when the file does not say, with no scaling
 *                           (Gemma 3: 10,000); 0 when those layers share the global layers' RoPE (gpt-oss)
 * @param gating             how the router weighs experts, for files that have them
 * @param ffnNormName        the tensor that normalizes the FFN input ({@code ffn_norm}; gpt-oss calls it
 *                           {@code post_attention_norm})
 */
public record ArchitectureTraits(String name, boolean scaleEmbeddings, boolean qkNorm, boolean postNorms,
                                 boolean fusedQkv, boolean fusedGateUp, Activation activation,
                                 int slidingWindowEvery, double localRopeBase, ExpertGating gating,
                                 String ffnNormName) {
    private static final Map<String, ArchitectureTraits> TABLE = new LinkedHashMap<>();
    private static final ExpertGating SOFTMAX = ExpertGating.SOFTMAX_TOPK_NORMALISED;

    /**
     * How often a layer attends globally in architectures llmx does not run, for kv-cost (as llama.cpp and
     * transformers lay them out); an architecture in neither table applies a window to every layer.
     */
    private static final Map<String, Integer> OTHER_WINDOW_PATTERNS = Map.of(
            "gemma3n", 5, "gemma2", 2, "cohere2", 4);

    static {
        //                                   name   √d    qkNorm postNorm qkv  gateUp activation swa local gating  ffn norm
        add(new ArchitectureTraits("llama", false, false, false, false, false, Activation.SILU, 0, 0, SOFTMAX,
                "ffn_norm"));
        add(new ArchitectureTraits("qwen2", false, false, false, false, false, Activation.SILU, 0, 0, SOFTMAX,
                "ffn_norm"));
        add(new ArchitectureTraits("qwen3", false, true, false, false, false, Activation.SILU, 0, 0, SOFTMAX,
                "ffn_norm"));
        add(new ArchitectureTraits("qwen3moe", false, true, false, false, false, Activation.SILU, 0, 0, SOFTMAX,
                "ffn_norm"));
        add(new ArchitectureTraits("gemma3", true, true, true, false, false, Activation.GELU_TANH, 6, 10_000, SOFTMAX,
                "ffn_norm"));
        add(new ArchitectureTraits("phi3", false, false, false, true, true, Activation.SILU, 0, 0, SOFTMAX,
                "ffn_norm"));
        add(new ArchitectureTraits("gpt-oss", false, false, false, false, false, Activation.SWIGLU_OAI, 2, 0,
                ExpertGating.TOPK_SOFTMAX, "post_attention_norm"));
    }

    private static void add(ArchitectureTraits t) {
        TABLE.put(t.name(), t);
    }
    /** The traits of {@code architecture}, or a one-line error that lists the supported ones. */
    public static ArchitectureTraits of(String architecture) {
        return find(architecture).orElseThrow(() -> new LlmxException("architecture '" + architecture
                + "' is not supported; llmx runs " + String.join(", ", TABLE.keySet())));
    }

    /** The traits of {@code architecture} when the engine runs it. */
    public static Optional<ArchitectureTraits> find(String architecture) {
        return Optional.ofNullable(TABLE.get(architecture));
    }

    /**
     * Every n-th layer is global, the others slide, for any architecture (0: none slide; 1: all slide): the
     * engine's table first, then what is known of architectures it does not run.
     */
    static int slidingWindowEvery(String architecture) {
        ArchitectureTraits t = TABLE.get(architecture);
        if (t != null) {
            return t.slidingWindowEvery;
        }
        return OTHER_WINDOW_PATTERNS.getOrDefault(architecture, 1);
    }

    /** Whether layer {@code layer} attends only to the sliding window, in a pattern of {@code every} (see above). */
    static boolean isSlidingWindowLayer(int every, int layer) {
        return every == 1 || every > 1 && (layer + 1) % every != 0;
    }
}
