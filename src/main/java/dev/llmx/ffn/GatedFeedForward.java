package dev.llmx.ffn;

/** The gated feed-forward's middle step: {@code act(gate) ⊙ up}, element by element. */
public final class GatedFeedForward {
    private GatedFeedForward() {
    }

    /** {@code out[i] = act(gate[i])·up[i]} ({@link Activation#glu}) for i < n. */
    public static void combine(Activation act, float[] gate, float[] up, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = act.glu(gate[i], up[i]);
        }
    }
}
