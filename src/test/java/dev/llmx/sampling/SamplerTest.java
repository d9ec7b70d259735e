package dev.llmx.sampling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 0.0f};

    static SamplerSettings settings(double temp, int topK, double topP, double minP, double penalty, long seed) {
        return new SamplerSettings(temp, topK, topP, minP, penalty, 64, seed);
    }

    @Test
    void temperatureZeroIsArgmax() {
        Sampler s = new Sampler(SamplerSettings.greedy());
        for (int i = 0; i < 10; i++) {
            assertEquals(1, s.sample(LOGITS, new int[0], 0));
        }
    }

    @Test
    void theRepetitionPenaltyAppliesBeforeTheArgmax() {
        // Token 1 (logit 3) was just used: 3 / 1.5 = 2 < 2.5, so token 2 wins; the caller's logits are untouched.
        float[] logits = LOGITS.clone();
        Sampler s = new Sampler(settings(0, 0, 1, 0, 1.5, 0));
        assertEquals(2, s.sample(logits, new int[] {1}, 1));
        assertEquals(3.0f, logits[1]);
    }

    @Test
    void topKOneAndATightMinPLeaveOnlyTheBestToken() {
        Sampler k1 = new Sampler(settings(1.5, 1, 1, 0, 1, 3));
        Sampler minP = new Sampler(settings(1.5, 0, 1, 0.9, 1, 3));
        for (int i = 0; i < 50; i++) {
            assertEquals(1, k1.sample(LOGITS, new int[0], 0));
            assertEquals(1, minP.sample(LOGITS, new int[0], 0));
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // softmax: p1 ≈ 0.50, p2 ≈ 0.30, p0 ≈ 0.07 … — top-p 0.75 keeps tokens 1 and 2 only.
        Sampler s = new Sampler(settings(1, 0, 0.75, 0, 1, 11));
        boolean sawTwo = false;
        for (int i = 0; i < 200; i++) {
            int t = s.sample(LOGITS, new int[0], 0);
            assertTrue(t == 1 || t == 2, "token " + t);
            sawTwo |= t == 2;
        }
        assertTrue(sawTwo);
    }

    @Test
    void samplesFollowTheTemperedSoftmax() {
        float[] logits = {0f, (float) Math.log(3)}; // p = 1/4, 3/4
        Sampler s = new Sampler(settings(1, 0, 1, 0, 1, 12345));
        int ones = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            ones += s.sample(logits, new int[0], 0);
        }
        assertEquals(0.75, (double) ones / n, 0.02);
        // Temperature 2 flattens: p ∝ exp(logit / 2) → 1 : √3, p1 ≈ 0.634.
        Sampler hot = new Sampler(settings(2, 0, 1, 0, 1, 12345));
        ones = 0;
        for (int i = 0; i < n; i++) {
            ones += hot.sample(logits, new int[0], 0);
        }
        assertEquals(Math.sqrt(3) / (1 + Math.sqrt(3)), (double) ones / n, 0.02);
    }

    @Test
    void theSameSeedGivesTheSameTokens() {
        Sampler a = new Sampler(settings(1, 0, 1, 0, 1, 99));
        Sampler b = new Sampler(settings(1, 0, 1, 0, 1, 99));
        for (int i = 0; i < 100; i++) {
            assertEquals(a.sample(LOGITS, new int[0], 0), b.sample(LOGITS, new int[0], 0));
        }
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(-0.1, 0, 1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> settings(1, -1, 1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> settings(1, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> settings(1, 0, 1, 1.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> settings(1, 0, 1, 0, 0, 0));
    }
}
