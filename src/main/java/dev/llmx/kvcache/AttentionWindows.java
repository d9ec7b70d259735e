package dev.llmx.kvcache;

import java.util.Arrays;

/**
 * Which layers attend through a sliding window and how wide it is. A sliding-window layer never looks further back
 * than {@code window} tokens, so its KV cache holds at most that many; a global (full) layer holds the whole
 * context.
 *
 * <p>Built from a pattern here; a Hugging Face {@code layer_types} list ({@code "sliding_attention"} /
 * {@code "full_attention"}) maps onto {@link #ofLayers} one to one.
 */
public final class AttentionWindows {
    private final int window;
    private final boolean[] sliding;

    private AttentionWindows(int window, boolean[] sliding) {
        this.window = window;
        this.sliding = sliding;
    }

    /** Every layer attends to the whole context. */
    public static AttentionWindows none(int layers) {
        return new AttentionWindows(0, new boolean[layers]);
    }

    /** Every layer uses the window (Mistral-7B-v0.1, Phi-3-mini-4k). */
    public static AttentionWindows allLayers(int layers, int window) {
        boolean[] s = new boolean[layers];
        Arrays.fill(s, true);
        return new AttentionWindows(requirePositive(window), s);
    }

    /**
     * Layer {@code i} (0-based) is global when {@code (i + 1) % globalEvery == 0}, sliding otherwise: Gemma 3's
     * five local layers then one global layer is {@code globalEvery = 6}; gpt-oss's alternation (even layers
     * sliding, odd layers full) is {@code globalEvery = 2}. This is how transformers derives {@code layer_types}
     * from {@code sliding_window_pattern}.
     */
    public static AttentionWindows globalEvery(int layers, int window, int globalEvery) {
        if (globalEvery < 1) {
            throw new IllegalArgumentException("globalEvery must be at least 1");
        }
        boolean[] s = new boolean[layers];
        for (int i = 0; i < layers; i++) {
            s[i] = (i + 1) % globalEvery != 0;
        }
        return new AttentionWindows(requirePositive(window), s);
    }

    /** One flag per layer, {@code true} for a sliding-window layer. */
    public static AttentionWindows ofLayers(int window, boolean[] slidingLayers) {
        return new AttentionWindows(requirePositive(window), slidingLayers.clone());
    }

    private static int requirePositive(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("a sliding window must be at least one token, not " + window);
        }
        return window;
    }

    public int layers() {
        return sliding.length;
    }

    /** The window in tokens; 0 when no layer slides. */
    public int window() {
        return slidingCount() == 0 ? 0 : window;
    }

    public boolean isSliding(int layer) {
        return sliding[layer];
    }

    public int slidingCount() {
        int n = 0;
        for (boolean s : sliding) {
            n += s ? 1 : 0;
        }
        return n;
    }

    /** Tokens layer {@code layer} keeps in its cache when the sequence is {@code context} tokens long. */
    public long tokensHeld(int layer, long context) {
        return sliding[layer] ? Math.min(context, window) : context;
    }

    /** A short description: "none", "all 32 layers, 4096 tokens", "15 of 18 layers, 512 tokens". */
    public String describe() {
        int n = slidingCount();
        if (n == 0) {
            return "none";
        }
        if (n == sliding.length) {
            return "all " + n + " layers, " + window + " tokens";
        }
        return n + " of " + sliding.length + " layers, " + window + " tokens";
    }
}
