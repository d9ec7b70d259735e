package dev.llmx.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorStatisticsTest {
    @Test
    void statisticsIgnoreNonFiniteValuesAndCountThem() {
        TensorStatistics s = new TensorStatistics();
        s.add(new float[] {1, 2, 3, Float.NaN}, 0, 4);
        s.add(new float[] {4, 0, Float.NEGATIVE_INFINITY}, 0, 3);
        assertEquals(5, s.count());
        assertEquals(1, s.nans());
        assertEquals(1, s.infinities());
        assertEquals(1, s.zeros());
        assertEquals(0, s.min());
        assertEquals(4, s.max());
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2), s.std(), 1e-12);
        assertTrue(Double.isNaN(new TensorStatistics().mean()));
    }

    @Test
    void histogramBinsIncludeTheMaximum() {
        Histogram h = new Histogram(0, 4, 4);
        h.add(new float[] {0, 0.5f, 1, 3.99f, 4, 5, Float.NaN}, 0, 7);
        assertEquals(2, h.count(0));
        assertEquals(1, h.count(1));
        assertEquals(0, h.count(2));
        assertEquals(2, h.count(3));
        assertEquals(1.0, h.from(1));
        assertEquals(2.0, h.to(1));
        Histogram single = new Histogram(7, 7, 3);
        single.add(new float[] {7, 7}, 0, 2);
        assertEquals(2, single.count(0));
    }
}
