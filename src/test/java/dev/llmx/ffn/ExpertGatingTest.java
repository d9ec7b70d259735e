package dev.llmx.ffn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both gatings on numbers that can be checked by hand. */
class ExpertGatingTest {
    private static final float[] LOGITS = {1, 2, 3, 0};

    @Test
    void qwen3MoeSoftmaxesAllExpertsThenRenormalisesTheTopK() {
        int[] chosen = new int[2];
        float[] w = new float[2];
        ExpertGating.SOFTMAX_TOPK_NORMALISED.choose(LOGITS, 0, 4, 2, chosen, w, 0);
        assertArrayEquals(new int[] {2, 1}, chosen);
        // softmax over all four: e^3/(e^0+e^1+e^2+e^3) = 0.6439, e^2/… = 0.2369; renormalised over the two:
        // 0.6439/(0.6439+0.2369) = 1/(1+e^-1) = 0.7311, and 0.2689.
        assertArrayEquals(new float[] {0.7310586f, 0.26894143f}, w, 1e-6f);
    }

    @Test
    void gptOssTakesTheTopKLogitsThenSoftmaxesThem() {
        int[] chosen = new int[3];
        float[] w = new float[3];
        ExpertGating.TOPK_SOFTMAX.choose(LOGITS, 0, 4, 3, chosen, w, 0);
        assertArrayEquals(new int[] {2, 1, 0}, chosen);
        // softmax of (3, 2, 1): e^3/(e^3+e^2+e) = 0.6652, 0.2447, 0.0900.
        assertArrayEquals(new float[] {0.66524094f, 0.24472848f, 0.09003057f}, w, 1e-6f);
    }

    @Test
    void aTieGoesToTheLowerExpertAndTheWeightsSplitEvenly() {
        int[] chosen = new int[2];
        float[] w = new float[2];
        ExpertGating.TOPK_SOFTMAX.choose(new float[] {5, 7, 7, 1}, 0, 4, 2, chosen, w, 0);
        assertArrayEquals(new int[] {1, 2}, chosen);
        assertEquals(0.5f, w[0], 1e-7f);
        assertEquals(0.5f, w[1], 1e-7f);
    }

    @Test
    void readsAtAnOffsetAndWritesAtAnOffset() {
        int[] chosen = new int[4];
        float[] w = new float[4];
        ExpertGating.SOFTMAX_TOPK_NORMALISED.choose(new float[] {9, 9, 0, 0, 4}, 2, 3, 1, chosen, w, 3);
        assertEquals(2, chosen[3]); // logit 4 is the third of (0, 0, 4)
        assertEquals(1f, w[3], 1e-7f);
    }
}
