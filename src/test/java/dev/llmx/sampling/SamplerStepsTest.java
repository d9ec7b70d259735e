package dev.llmx.sampling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each step on distributions small enough to check by hand. */
class SamplerStepsTest {
    static final float NEG_INF = Float.NEGATIVE_INFINITY;
    static final float LN2 = (float) Math.log(2);

    static int[] ids(Candidates c) {
        int[] ids = new int[c.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = c.id(i);
        }
        return ids;
    }

    static double[] probs(Candidates c) {
        double[] p = new double[c.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = c.prob(i);
        }
        return p;
    }

    @Test
    void theSoftmaxSubtractsTheMaxAndSumsInDouble() {
        // exp(1000) overflows a double: without the max subtracted this would be inf / inf.
        Candidates c = Candidates.ofVocabulary(new float[] {1000f, 1001f, NEG_INF});
        c.sort();
        assertArrayEquals(new int[] {1, 0, 2}, ids(c));
        double e = Math.E;
        assertArrayEquals(new double[] {e / (1 + e), 1 / (1 + e), 0}, probs(c), 1e-15);
        double p = e / (1 + e);
        assertEquals(-p * Math.log(p) - (1 - p) * Math.log(1 - p), c.entropy(), 1e-15);
    }

    @Test
    void allEqualLogitsAreUniformAndTiesSortBySmallerId() {
        Candidates c = Candidates.ofVocabulary(new float[] {0.5f, 0.5f, 0.5f, 0.5f});
        c.sort();
        assertArrayEquals(new int[] {0, 1, 2, 3}, ids(c));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, probs(c), 0);
        assertEquals(Math.log(4), c.entropy(), 1e-12);
        // -0.0 ties with 0.0.
        Candidates zeros = Candidates.ofVocabulary(new float[] {-0.0f, 0.0f, 1f});
        zeros.sort();
        assertArrayEquals(new int[] {2, 0, 1}, ids(zeros));
    }

    @Test
    void topKKeepsTheKLargestAndBreaksTiesBySmallerId() {
        Candidates c = Candidates.ofVocabulary(new float[] {1, 3, 2, 3, 2});
        SamplerSteps.topK(c, 3);
        assertArrayEquals(new int[] {1, 3, 2}, ids(c));
        // Renormalised over the three: e^3, e^3, e^2.
        double z = 2 * Math.exp(3) + Math.exp(2);
        assertArrayEquals(new double[] {Math.exp(3) / z, Math.exp(3) / z, Math.exp(2) / z}, probs(c), 1e-12);
        Candidates all = Candidates.ofVocabulary(new float[] {1, 2});
        SamplerSteps.topK(all, 10);
        assertEquals(2, all.size());
    }

    @Test
    void topKWithoutAFullSortAgreesWithTheSort() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 50; trial++) {
            float[] logits = new float[300];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = random.nextInt(40) / 4f; // many ties
            }
            logits[random.nextInt(300)] = NEG_INF;
            int k = 1 + random.nextInt(60);
            Candidates sorted = Candidates.ofVocabulary(logits);
            sorted.sort();
            Candidates top = Candidates.ofVocabulary(logits);
            SamplerSteps.topK(top, k);
            assertArrayEquals(java.util.Arrays.copyOf(ids(sorted), k), ids(top));
        }
    }

    @Test
    void topPExactlyAtABoundaryKeepsTheTokenThatReachesIt() {
        // Four equal logits: exactly 0.25 each; the cumulative sum reaches 0.5 exactly at the second token.
        Candidates c = Candidates.ofVocabulary(new float[] {0, 0, 0, 0});
        SamplerSteps.topP(c, 0.5);
        assertArrayEquals(new int[] {0, 1}, ids(c));
        assertArrayEquals(new double[] {0.5, 0.5}, probs(c), 0);
        // Just above the boundary the third one is needed.
        Candidates above = Candidates.ofVocabulary(new float[] {0, 0, 0, 0});
        SamplerSteps.topP(above, 0.5000001);
        assertEquals(3, above.size());
        // A tiny p still keeps one token.
        Candidates one = Candidates.ofVocabulary(new float[] {0, 1, 2});
        SamplerSteps.topP(one, 1e-9);
        assertArrayEquals(new int[] {2}, ids(one));
    }

    @Test
    void topPStopsBeforeMinusInfinityLogits() {
        Candidates c = Candidates.ofVocabulary(new float[] {NEG_INF, 2, NEG_INF, 1});
        SamplerSteps.topP(c, 0.9999999);
        assertArrayEquals(new int[] {1, 3}, ids(c));
    }

    @Test
    void minPKeepsTokensAtLeastPTimesTheBest() {
        // p ∝ 4 : 2 : 1 (logits 2 ln2, ln2, 0): min-p 0.45 keeps the first two (2/4 ≥ 0.45, 1/4 is not).
        Candidates c = Candidates.ofVocabulary(new float[] {0, 2 * LN2, LN2});
        SamplerSteps.minP(c, 0.45);
        assertArrayEquals(new int[] {1, 2}, ids(c));
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, probs(c), 1e-7);
    }

    @Test
    void minPCanRemoveAllButOne() {
        Candidates c = Candidates.ofVocabulary(new float[] {2, 0, -1, NEG_INF});
        SamplerSteps.minP(c, 0.2); // e^-2 ≈ 0.135 < 0.2
        assertArrayEquals(new int[] {0}, ids(c));
        assertArrayEquals(new double[] {1}, probs(c), 0);
        // min-p 1 keeps only the best, but all of a tie for the best.
        Candidates tie = Candidates.ofVocabulary(new float[] {1, 3, 3});
        SamplerSteps.minP(tie, 1);
        assertArrayEquals(new int[] {1, 2}, ids(tie));
    }

    @Test
    void typicalKeepsTheTokensNearestTheEntropy() {
        // p = 7/10, 1/10, 1/10, 1/10 (logits ln 7, 0, 0, 0): entropy H = −0.7 ln 0.7 − 0.3 ln 0.1 ≈ 0.941; surprise
        // of the first −ln 0.7 ≈ 0.357 (|Δ| 0.584), of the others −ln 0.1 ≈ 2.303 (|Δ| 1.362). p 0.5: 0.7 > 0.5 stops.
        float ln7 = (float) Math.log(7);
        Candidates c = Candidates.ofVocabulary(new float[] {0, 0, ln7, 0});
        SamplerSteps.typical(c, 0.5);
        assertArrayEquals(new int[] {2}, ids(c));
        // p 0.75: 0.7 is not more; the next nearest (an exact tie of three: the smallest id) makes 0.8 and stops.
        Candidates wider = Candidates.ofVocabulary(new float[] {0, 0, ln7, 0});
        SamplerSteps.typical(wider, 0.75);
        assertArrayEquals(new int[] {2, 0}, ids(wider));
        assertArrayEquals(new double[] {7 / 8.0, 1 / 8.0}, probs(wider), 1e-7);
        // p = 0.4, 0.3, 0.3: H ≈ 1.089; the surprise of 0.4 is 0.916 (|Δ| 0.173), of 0.3 is 1.204 (|Δ| 0.115): the
        // most likely token is the least typical, and p 0.5 keeps the two others (0.6 > 0.5).
        float ln3 = (float) Math.log(3);
        Candidates flat = Candidates.ofVocabulary(new float[] {(float) Math.log(4), ln3, ln3});
        SamplerSteps.typical(flat, 0.5);
        assertArrayEquals(new int[] {1, 2}, ids(flat));
    }

    @Test
    void temperatureDividesTheLogitsAndZeroKeepsTheBest() {
        Candidates c = Candidates.ofVocabulary(new float[] {0, 2 * LN2});
        SamplerSteps.temperature(c, 2); // logits 0, ln2: p = 1/3, 2/3
        c.sort();
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, probs(c), 1e-7);
        Candidates greedy = Candidates.ofVocabulary(new float[] {1, 3, 3});
        SamplerSteps.temperature(greedy, 0);
        assertArrayEquals(new int[] {1}, ids(greedy));
    }

    @Test
    void penaltiesFollowLlamaCpp() {
        // Token 0 (logit 2) seen twice, token 1 (logit -1) once, token 3 seen before the last-n window.
        SamplerSettings s = SamplerSettings.defaults(0).withPenalties(2, 0.5, 0.25, 3);
        Candidates c = Candidates.ofVocabulary(new float[] {2, -1, 1, 4});
        SamplerSteps.penalties(c, s, new int[] {3, 0, 1, 0}, 4);
        assertEquals(2 / 2.0 - 2 * 0.25 - 0.5, c.logit(0), 1e-6);
        assertEquals(-1 * 2.0 - 0.25 - 0.5, c.logit(1), 1e-6);
        assertEquals(1, c.logit(2), 0);
        assertEquals(4, c.logit(3), 0);
        // last_n -1 looks at the whole history: token 3 too.
        Candidates all = Candidates.ofVocabulary(new float[] {2, -1, 1, 4});
        SamplerSteps.penalties(all, s.withPenalties(2, 0, 0, -1), new int[] {3, 0, 1, 0}, 4);
        assertEquals(2, all.logit(3), 0);
    }

    @Test
    void logitsThatCannotBeSampledAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Candidates.ofVocabulary(new float[] {NEG_INF, NEG_INF}));
        assertThrows(IllegalArgumentException.class, () -> Candidates.ofVocabulary(new float[] {0, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Candidates.ofVocabulary(new float[0]));
    }
}
