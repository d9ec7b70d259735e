package dev.llmx.attention;

import dev.llmx.model.RopeLayout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RopeWhatIfTest {
    @Test
    void unrotateUndoesRotateForBothLayouts() {
        Random random = new Random(7);
        for (RopeLayout layout : List.of(RopeLayout.INTERLEAVED, RopeLayout.HALVES)) {
            Rope rope = new Rope(8, 10000, 1, null, layout);
            float[] x = new float[2 * 12];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] y = x.clone();
            rope.rotate(y, 0, 2, 12, 37);
            assertNotEquals(x[0], y[0]);
            rope.unrotate(y, 0, 2, 12, 37);
            assertArrayEquals(x, y, 1e-5f);
        }
    }

    @Test
    void softmaxRowsGivesMaskedKeysNoWeight() {
        float inf = Float.NEGATIVE_INFINITY;
        float[] w = RopeWhatIf.softmaxRows(new float[] {0, inf, (float) Math.log(3), 0}, 2);
        assertArrayEquals(new float[] {1, 0, 0.75f, 0.25f}, w, 1e-6f);
        assertEquals(1f, w[2] + w[3], 1e-6f);
    }
}
