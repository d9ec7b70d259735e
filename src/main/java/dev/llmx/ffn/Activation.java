package dev.llmx.ffn;

/** The gate nonlinearity of a gated feed-forward block: {@code act(gate) ⊙ up}. */
public enum Activation {
    /** x·σ(x): SwiGLU (Llama, Qwen, Phi-3). */
    SILU("silu") {
        @Override
        public float apply(float x) {
            return (float) (x / (1.0 + Math.exp(-x)));
        }
    },
    /** GELU in its tanh approximation, as ggml and Gemma's {@code gelu_pytorch_tanh}: GeGLU. */
    GELU_TANH("gelu_tanh") {
        private static final double SQRT_2_OVER_PI = 0.7978845608028654;

        @Override
        public float apply(float x) {
            return (float) (0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * x * (1 + 0.044715 * x * x))));
        }
    };

    private final String jsonName;

    Activation(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public abstract float apply(float x);
}
