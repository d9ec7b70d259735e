package dev.llmx.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The perplexity arithmetic, checked by hand. */
class NllAccumulatorTest {
    @Test
    void uniformLogitsGiveTheVocabularySizeAsPerplexity() {
        NllAccumulator a = new NllAccumulator();
        for (int i = 0; i < 10; i++) {
            a.add(new float[8], i % 8);
        }
        assertEquals(8, a.perplexity(), 1e-9);
        assertEquals(0, a.perplexityStderr(), 1e-6);
        assertEquals(10, a.count());
    }

    @Test
    void standardErrorIsTheDeltaMethodOnTheMean() {
        NllAccumulator a = new NllAccumulator();
        a.addNll(1);
        a.addNll(3);
        // mean 2, population variance 1, stderr of the mean sqrt(1 / 1) = 1; of the perplexity e² · 1.
        assertEquals(Math.exp(2), a.perplexity(), 1e-12);
        assertEquals(1, a.meanNllStderr(), 1e-12);
        assertEquals(Math.exp(2), a.perplexityStderr(), 1e-12);
    }
}
