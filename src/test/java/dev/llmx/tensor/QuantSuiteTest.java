package dev.llmx.tensor;

import dev.llmx.gguf.GgufFile;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Dequantizing ggml's reference quantization {@code T.q} must reproduce ggml's own dequantization {@code T.deq}
 * bit for bit, for every type (see ../shared/refs/README.md, quant/).
 */
class QuantSuiteTest {
    private static GgufFile suite;

    @BeforeAll
    static void open() {
        Path p = Refs.require("quant/ggml-quant-suite.gguf");
        suite = GgufFile.open(p);
    }

    @AfterAll
    static void close() {
        if (suite != null) {
            suite.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f16", "bf16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0", "q2_K", "q3_K", "q4_K", "q5_K",
        "q6_K", "iq4_nl", "iq4_xs", "tq1_0", "tq2_0", "mxfp4"})
    void dequantizationIsBitExact(String type) {
        Tensor q = suite.tensor(type + ".q");
        Tensor deq = suite.tensor(type + ".deq");
        assertEquals(GgmlType.byName(type), q.type(), "stored type of " + type + ".q");
        assertEquals(GgmlType.F32, deq.type());
        assertEquals(deq.rows(), q.rows());
        int nonZero = 0;
        for (long r = 0; r < q.rows(); r++) {
            float[] got = q.dequantizeRow(r);
            float[] want = deq.dequantizeRow(r);
            for (int i = 0; i < want.length; i++) {
                nonZero += got[i] != 0 ? 1 : 0;
                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                    fail(type + " row " + r + " value " + i + ": got " + got[i] + " (0x"
                            + Integer.toHexString(Float.floatToRawIntBits(got[i])) + "), ggml gives " + want[i] + " (0x"
                            + Integer.toHexString(Float.floatToRawIntBits(want[i])) + ")");
                }
            }
        }
        assertTrue(nonZero > q.rows() * 8, "the suite's rows decode to real values, not zeros");
    }
}
