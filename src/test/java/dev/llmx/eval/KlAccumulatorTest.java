package dev.llmx.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** KL divergence, top-token agreement and Δp of two tiny distributions, by hand. */
class KlAccumulatorTest {
    @Test
    void aFairCoinAgainstAnEightyTwentyCoin() {
        KlAccumulator a = new KlAccumulator();
        float[] fair = {0f, 0f};
        float[] biased = {(float) Math.log(0.8), (float) Math.log(0.2)};
        a.add(fair, biased, 1);
        // KL(p ‖ q) = 0.5 ln(0.5/0.8) + 0.5 ln(0.5/0.2) = 0.5 ln(1.5625) ≈ 0.2231
        assertEquals(0.5 * Math.log(0.5 / 0.8) + 0.5 * Math.log(0.5 / 0.2), a.meanKl(), 1e-6);
        assertEquals(0.2 - 0.5, a.meanDeltaP(), 1e-6);
        // Ties go to the smaller id: both distributions' top token is 0.
        assertEquals(1.0, a.sameTopFraction(), 0);
        a.add(fair, fair, 0);
        assertEquals(0, a.klQuantile(0), 0);
        assertEquals(0.5 * Math.log(1.5625), a.klQuantile(1), 1e-6);
        assertEquals(2, a.count());
    }
}
