package dev.llmx.ffn;

import dev.llmx.tensor.kernel.FloatOps;

/** The gate nonlinearity of a gated feed-forward block: {@code act(gate) ⊙ up}. */
public enum Activation {
    /** x·σ(x): SwiGLU (Llama, Qwen, Phi-3). */
    SILU("silu") {
        @Override
        public float apply(float x) {
            return FloatOps.silu(x);
        }
    },
    /** GELU in its tanh approximation, as ggml and Gemma's {@code gelu_pytorch_tanh}: GeGLU. */
    GELU_TANH("gelu_tanh") {
        private static final double SQRT_2_OVER_PI = 0.7978845608028654;

        @Override
        public float apply(float x) {
            return (float) (0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * x * (1 + 0.044715 * x * x))));
        }
    },

    /**
     * gpt-oss's clamped SwiGLU: the gate is capped at 7 and the up projection clamped to ±7, then
     * {@code g·σ(1.702·g) · (u + 1)} (llama.cpp's {@code swiglu_oai}).
     */
    SWIGLU_OAI("swiglu_oai") {
        private static final float ALPHA = 1.702f;
        private static final float LIMIT = 7f;

        @Override
        public float apply(float x) {
            float g = Math.min(x, LIMIT);
            return (float) (g / (1.0 + Math.exp(-ALPHA * g)));
        }

        @Override
        public float glu(float gate, float up) {
            return apply(gate) * (Math.max(-LIMIT, Math.min(LIMIT, up)) + 1f);
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

    /** The gated unit: {@code act(gate)·up} (gpt-oss clamps and shifts {@code up} as well). */
    public float glu(float gate, float up) {
        return apply(gate) * up;
    }
}
