package dev.llmx.engine;

import dev.llmx.LlmxException;
import dev.llmx.ffn.Activation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What sets one architecture's transformer apart from the plain Llama one: the whole difference between the
 * architectures llmx runs is this table, read by the one forward pass ({@link Transformer}). Biases on q/k/v and a
 * separate or tied output need no entry: they follow from the tensors a file has.
 *
 * @param scaleEmbeddings    multiply token embeddings by √d_model (Gemma)
 * @param qkNorm             RMSNorm over each query and key head before RoPE ({@code attn_q_norm}, {@code attn_k_norm})
 * @param postNorms          RMSNorm on the attention and FFN outputs before they join the residual
 *                           ({@code post_attention_norm}, {@code post_ffw_norm}; Gemma 2/3)
 * @param fusedQkv           q, k and v come from one tensor {@code attn_qkv} (Phi-3)
 * @param fusedGateUp        gate and up come from one tensor {@code ffn_up}, gate first (Phi-3)
 * @param activation         the gate's nonlinearity: SiLU (SwiGLU) or tanh-GELU (GeGLU)
 * @param slidingWindowEvery 0 when no layer uses the model's sliding window; n when every n-th layer attends to
 *                           the whole context and the others only to the window (Gemma 3: 6)
 * @param localRopeBase      RoPE base of the sliding-window layers when the file does not say (Gemma 3: 10,000)
 */
public record ArchitectureTraits(String name, boolean scaleEmbeddings, boolean qkNorm, boolean postNorms,
                                 boolean fusedQkv, boolean fusedGateUp, Activation activation,
                                 int slidingWindowEvery, double localRopeBase) {
    private static final Map<String, ArchitectureTraits> TABLE = new LinkedHashMap<>();

    static {
        //                                   name     √d     qkNorm postNorm qkv    gateUp activation       swa local base
        add(new ArchitectureTraits("llama", false, false, false, false, false, Activation.SILU, 0, 0));
        add(new ArchitectureTraits("qwen2", false, false, false, false, false, Activation.SILU, 0, 0));
        add(new ArchitectureTraits("qwen3", false, true, false, false, false, Activation.SILU, 0, 0));
        add(new ArchitectureTraits("gemma3", true, true, true, false, false, Activation.GELU_TANH, 6, 10_000));
        add(new ArchitectureTraits("phi3", false, false, false, true, true, Activation.SILU, 0, 0));
    }

    private static void add(ArchitectureTraits t) {
        TABLE.put(t.name(), t);
    }

    /** The architectures the engine runs, in table order. */
    public static List<String> supported() {
        return List.copyOf(TABLE.keySet());
    }

    /** The traits of {@code architecture}, or a one-line error that lists the supported ones. */
    public static ArchitectureTraits of(String architecture) {
        ArchitectureTraits t = TABLE.get(architecture);
        if (t == null) {
            throw new LlmxException("architecture '" + architecture + "' is not supported; llmx runs "
                    + String.join(", ", TABLE.keySet()));
        }
        return t;
    }

    /** Whether layer {@code layer} attends only to the sliding window (when the model has one). */
    public boolean isSlidingWindowLayer(int layer) {
        return slidingWindowEvery > 0 && (layer + 1) % slidingWindowEvery != 0;
    }
}
