package dev.llmx.quant.drift;

import dev.llmx.logits.Distribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftMeterTest {
    @Test
    void cosineOfIdenticalVectorsIsExactlyOne() {
        float[] a = {0.1f, -3.7f, 1e-3f, 42.5f, 7f};
        assertEquals(1.0, DriftMeter.cosine(a, a.clone()));
        assertEquals(-1.0, DriftMeter.cosine(new float[] {1, 2}, new float[] {-2, -4}), 1e-15);
        assertEquals(0.0, DriftMeter.cosine(new float[] {1, 0}, new float[] {0, 3}));
        assertEquals(1.0, DriftMeter.cosine(new float[2], new float[2]));
    }

    @Test
    void klIsZeroForSameLogitsAndMatchesTheFormula() {
        float[] p = {2f, 1f, 0f};
        assertEquals(0.0, DriftMeter.klDivergence(Distribution.of(p), Distribution.of(p.clone()), 3));
        float[] q = {0f, 1f, 2f};
        double[] pp = softmax(p);
        double[] qq = softmax(q);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += pp[i] * Math.log(pp[i] / qq[i]);
        }
        double kl = DriftMeter.klDivergence(Distribution.of(p), Distribution.of(q), 3);
        assertEquals(expected, kl, 1e-12);
        assertTrue(kl > 0);
    }

    @Test
    void summariesOfADrift() {
        Drift d = new Drift(new int[] {1, 5, 7}, new double[][] {{1, 0.9, 0.8}}, new double[] {0, 0.2, 0.4},
                new int[] {5, 7, 9}, new int[] {5, 8, 9}, new double[] {Math.log(0.5), Math.log(0.25)},
                new double[] {Math.log(0.25), Math.log(0.25)});
        assertEquals(0.9, d.meanCosine(0), 1e-12);
        assertEquals(0.8, d.minCosine(0));
        assertEquals(0.2, d.meanKl(), 1e-12);
        assertEquals(0.4, d.maxKl());
        assertEquals(2, d.top1Agreements());
        assertEquals(Math.sqrt(8), d.originalPerplexity(), 1e-12);
        assertEquals(4, d.quantizedPerplexity(), 1e-12);
    }

    private static double[] softmax(float[] x) {
        double sum = 0;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(x[i]);
            sum += out[i];
        }
        for (int i = 0; i < x.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
