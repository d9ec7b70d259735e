package dev.llmx.ffn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** gpt-oss's clamped SwiGLU against values worked out by hand (alpha 1.702, limit 7). */
class ActivationTest {
    @Test
    void clampedSwigluCapsTheGateAndClampsAndShiftsUp() {
        Activation a = Activation.SWIGLU_OAI;
        // gate 10 → 7; 7·σ(1.702·7) = 7·σ(11.914) = 6.9999530; up 10 → 7, + 1 = 8: 55.999624
        assertEquals(55.999624f, a.glu(10, 10), 1e-4f);
        // gate −1 (not clamped below): −1·σ(−1.702) = −1/(1 + e^1.702) = −0.1542042; up −10 → −7, + 1 = −6
        assertEquals(0.9252254f, a.glu(-1, -10), 1e-6f);
        // up −1 cancels: (−1 + 1) = 0
        assertEquals(0f, a.glu(3, -1), 0f);
        // gate 0: 0·σ(0) = 0
        assertEquals(0f, a.glu(0, 5), 0f);
    }

    @Test
    void plainSwigluIsSiluTimesUp() {
        // silu(1) = 1/(1 + e^−1) = 0.7310586
        assertEquals(0.7310586f * 3f, Activation.SILU.glu(1, 3), 1e-6f);
        // no clamp: silu(10)·10 = 99.99546
        assertEquals(99.99546f, Activation.SILU.glu(10, 10), 1e-3f);
    }
}
