package dev.llmx.sampling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Against textbook χ² tables and closed forms. */
class ChiSquareTest {
    @Test
    void criticalValuesFromTheTables() {
        assertEquals(0.05, ChiSquare.pValue(3.841459, 1), 1e-6);
        assertEquals(0.05, ChiSquare.pValue(9.487729, 4), 1e-6);
        assertEquals(0.001, ChiSquare.pValue(20.515006, 5), 1e-8);
        assertEquals(0.5, ChiSquare.pValue(9.341818, 10), 1e-6);
        assertEquals(0.01, ChiSquare.pValue(135.806723, 100), 1e-6);
    }

    @Test
    void closedFormsForTwoDegreesOfFreedom() {
        // k = 2: P(χ² ≥ x) = e^(−x/2).
        for (double x : new double[] {0.1, 1, 3, 10, 40}) {
            assertEquals(Math.exp(-x / 2), ChiSquare.pValue(x, 2), 1e-12 * Math.max(1, Math.exp(-x / 2)));
        }
        assertEquals(1, ChiSquare.pValue(0, 3), 0);
        assertEquals(1, ChiSquare.pValue(5, 0), 0);
        assertEquals(Math.log(24), ChiSquare.lnGamma(5), 1e-13);
        assertEquals(0.5 * Math.log(Math.PI), ChiSquare.lnGamma(0.5), 1e-13);
    }
}
