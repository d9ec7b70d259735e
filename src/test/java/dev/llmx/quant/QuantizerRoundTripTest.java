package dev.llmx.quant;

import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every quantizer has, on data the project makes itself (runs without ../shared/refs). */
class QuantizerRoundTripTest {
    private static final int N = 1024;

    private static float[] gaussian(long seed) {
        Random random = new Random(seed);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (random.nextGaussian() * 0.02);
        }
        return x;
    }

    private static float[] roundTrip(GgmlType type, float[] x) {
        byte[] bytes = new byte[(int) type.bytesFor(x.length)];
        Quantizers.require(type).quantize(x, 0, bytes, 0, x.length);
        float[] back = new float[x.length];
        Dequantizers.require(type, "test").dequantize(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, back, 0,
                x.length);
        return back;
    }

    /** Relative RMSE bounds, a little above what each type achieves on Gaussian weights. */
    @ParameterizedTest
    @CsvSource({"F16, 0.001", "BF16, 0.005", "Q8_0, 0.01", "Q6_K, 0.03", "Q5_1, 0.05", "Q5_0, 0.06", "Q5_K, 0.05",
        "Q4_1, 0.1", "Q4_0, 0.12", "Q4_K, 0.1", "IQ4_NL, 0.1", "IQ4_XS, 0.1", "Q3_K, 0.22", "Q2_K, 0.4"})
    void gaussianWeightsComeBackClose(GgmlType type, double bound) {
        float[] x = gaussian(42);
        float[] back = roundTrip(type, x);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < N; i++) {
            err += (x[i] - back[i]) * (double) (x[i] - back[i]);
            norm += x[i] * (double) x[i];
        }
        double relative = Math.sqrt(err / norm);
        assertTrue(relative < bound, type + " relative RMSE " + relative + " ≥ " + bound);
        assertTrue(relative > 0 || type == GgmlType.F32, type + " lost nothing, which a lossy type cannot");
    }

    @Test
    void zerosStayZeros() {
        for (GgmlType type : Quantizers.types()) {
            float[] back = roundTrip(type, new float[N]);
            for (float v : back) {
                // −0 is fine (ggml's Q4_0 scale of an all-zero block is max / −8 = −0).
                assertTrue(v == 0, type + " turned zeros into " + v);
            }
        }
    }

    @Test
    void stalePartsOfTheOutputAreOverwritten() {
        float[] x = gaussian(7);
        for (GgmlType type : Quantizers.types()) {
            byte[] clean = new byte[(int) type.bytesFor(N)];
            byte[] dirty = new byte[clean.length];
            Arrays.fill(dirty, (byte) 0x5A);
            Quantizers.require(type).quantize(x, 0, clean, 0, N);
            Quantizers.require(type).quantize(x, 0, dirty, 0, N);
            assertTrue(Arrays.equals(clean, dirty), type + " leaves bytes of a reused buffer as they were");
        }
    }

    @Test
    void q8RoundsHalvesAwayFromZeroAsCDoes() {
        assertEquals(3, LegacyQuantizers.roundHalfAwayFromZero(2.5f));
        assertEquals(-3, LegacyQuantizers.roundHalfAwayFromZero(-2.5f));
        assertEquals(0, LegacyQuantizers.roundHalfAwayFromZero(0.49999997f));
        assertEquals(2, ScaleSearch.nearestInt(2.5f));
        assertEquals(4, ScaleSearch.nearestInt(3.5f));
        assertEquals(-2, ScaleSearch.nearestInt(-2.5f));
    }

    @Test
    void iq4PicksTheNearestLevelAndTheUpperOneOnATie() {
        assertEquals(0, NonLinearQuantizers.bestLevel(-200));
        assertEquals(15, NonLinearQuantizers.bestLevel(200));
        assertEquals(8, NonLinearQuantizers.bestLevel(0));        // levels −10 and 1: 0 is nearer to 1
        assertEquals(8, NonLinearQuantizers.bestLevel(-4.5f));    // exactly between −10 and 1
        assertEquals(7, NonLinearQuantizers.bestLevel(-4.6f));
    }
}
