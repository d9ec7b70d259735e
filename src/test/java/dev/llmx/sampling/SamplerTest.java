package dev.llmx.sampling;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole chain and the draw. The steps one by one are in {@link SamplerStepsTest}. */
class SamplerTest {
    static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 0.0f};
    static final int[] NONE = new int[0];

    /** All steps off except the one under test: temperature 1, no filter, no penalty. */
    static SamplerSettings plain(long seed) {
        return SamplerSettings.defaults(seed).withTopK(0).withTopP(1).withMinP(0).withTemperature(1);
    }

    @Test
    void temperatureZeroIsArgmax() {
        Sampler s = new Sampler(SamplerSettings.greedy());
        for (int i = 0; i < 10; i++) {
            assertEquals(1, s.sample(LOGITS, NONE, 0));
        }
    }

    @Test
    void theRepetitionPenaltyAppliesBeforeTheArgmax() {
        // Token 1 (logit 3) was just used: 3 / 1.5 = 2 < 2.5, so token 2 wins; the caller's logits are untouched.
        float[] logits = LOGITS.clone();
        Sampler s = new Sampler(SamplerSettings.greedy().withPenalties(1.5, 0, 0, 64));
        assertEquals(2, s.sample(logits, new int[] {1}, 1));
        assertEquals(3.0f, logits[1]);
    }

    @Test
    void topKOneAndATightMinPLeaveOnlyTheBestToken() {
        Sampler k1 = new Sampler(plain(3).withTopK(1).withTemperature(1.5));
        Sampler minP = new Sampler(plain(3).withMinP(0.9).withTemperature(1.5));
        for (int i = 0; i < 50; i++) {
            assertEquals(1, k1.sample(LOGITS, NONE, 0));
            assertEquals(1, minP.sample(LOGITS, NONE, 0));
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // softmax: p1 ≈ 0.50, p2 ≈ 0.30, p0 ≈ 0.07 … — top-p 0.75 keeps tokens 1 and 2 only.
        Sampler s = new Sampler(plain(11).withTopP(0.75));
        boolean sawTwo = false;
        for (int i = 0; i < 200; i++) {
            int t = s.sample(LOGITS, NONE, 0);
            assertTrue(t == 1 || t == 2, "token " + t);
            sawTwo |= t == 2;
        }
        assertTrue(sawTwo);
    }

    @Test
    void samplesFollowTheTemperedSoftmax() {
        float[] logits = {0f, (float) Math.log(3)}; // p = 1/4, 3/4
        Sampler s = new Sampler(plain(12345));
        int ones = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            ones += s.sample(logits, NONE, 0);
        }
        assertEquals(0.75, (double) ones / n, 0.02);
        // Temperature 2 flattens: p ∝ exp(logit / 2) → 1 : √3, p1 ≈ 0.634.
        Sampler hot = new Sampler(plain(12345).withTemperature(2));
        ones = 0;
        for (int i = 0; i < n; i++) {
            ones += hot.sample(logits, NONE, 0);
        }
        assertEquals(Math.sqrt(3) / (1 + Math.sqrt(3)), (double) ones / n, 0.02);
    }

    @Test
    void theFiltersJudgeTheUntemperedDistributionInTheDefaultOrder() {
        // min-p 0.1 on the raw softmax drops token 3 (p3/p1 = e^-4); a temperature of 10 then makes the rest
        // nearly uniform, but cannot bring token 3 back.
        Sampler s = new Sampler(plain(5).withMinP(0.1).withTemperature(10));
        for (int i = 0; i < 500; i++) {
            assertTrue(s.sample(LOGITS, NONE, 0) != 3);
        }
        // Temperature first: at t = 10 every token is within 0.1 × the best, so min-p keeps them all.
        Sampler first = new Sampler(plain(5).withMinP(0.1).withTemperature(10).withOrder(
                List.of(SamplerStep.TEMPERATURE, SamplerStep.MIN_P)));
        boolean sawThree = false;
        for (int i = 0; i < 500 && !sawThree; i++) {
            sawThree = first.sample(LOGITS, NONE, 0) == 3;
        }
        assertTrue(sawThree);
    }

    @Test
    void theSameSeedGivesTheSameTokens() {
        Sampler a = new Sampler(plain(99));
        Sampler b = new Sampler(plain(99));
        for (int i = 0; i < 100; i++) {
            assertEquals(a.sample(LOGITS, NONE, 0), b.sample(LOGITS, NONE, 0));
        }
    }

    @Test
    void aDrawNeverPicksAMinusInfinityLogit() {
        float[] logits = {Float.NEGATIVE_INFINITY, 0, Float.NEGATIVE_INFINITY, 0};
        Sampler s = new Sampler(plain(1));
        for (int i = 0; i < 200; i++) {
            int t = s.sample(logits, NONE, 0);
            assertTrue(t == 1 || t == 3, "token " + t);
        }
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        SamplerSettings d = SamplerSettings.defaults(0);
        assertThrows(IllegalArgumentException.class, () -> d.withTemperature(-0.1));
        assertThrows(IllegalArgumentException.class, () -> d.withTopK(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMinP(1.5));
        assertThrows(IllegalArgumentException.class, () -> d.withTypicalP(0));
        assertThrows(IllegalArgumentException.class, () -> d.withPenalties(0, 0, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> d.withPenalties(1, 0, 0, -2));
    }

    @Test
    void samplerListsUseLlamaCppNames() {
        assertEquals(SamplerStep.DEFAULT_ORDER, SamplerStep.parseList("penalties;top_k;typ_p;top_p;min_p;temperature"));
        assertEquals(List.of(SamplerStep.TEMPERATURE, SamplerStep.TOP_K, SamplerStep.TYPICAL_P),
                SamplerStep.parseList("temp, top-k;typical"));
        IllegalArgumentException dry = assertThrows(IllegalArgumentException.class,
                () -> SamplerStep.parseList("penalties;dry"));
        assertTrue(dry.getMessage().contains("does not implement 'dry'"), dry.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplerStep.parseList("top_k;top_k"));
        assertThrows(IllegalArgumentException.class, () -> SamplerStep.parseList("top_q"));
    }
}
