package dev.llmx.quant;

import dev.llmx.gguf.GgufFile;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Quantizing {@code source.f32} of ggml's quant suite must reproduce ggml's reference bytes {@code T.q} exactly, for
 * every type llmx can produce (see ../shared/refs/README.md, quant/).
 */
class QuantizerSuiteTest {
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
        "q6_K", "iq4_nl", "iq4_xs", "mxfp4"})
    void quantizationIsByteExact(String name) {
        GgmlType type = GgmlType.byName(name);
        Tensor source = suite.tensor("source.f32");
        Tensor expected = suite.tensor(name + ".q");
        assertEquals(type, expected.type());
        Quantizer quantizer = Quantizers.require(type);
        int rowBytes = (int) expected.info().rowBytes();
        for (long r = 0; r < source.rows(); r++) {
            float[] row = source.dequantizeRow(r);
            byte[] got = new byte[rowBytes];
            quantizer.quantize(row, 0, got, 0, row.length);
            ByteBuffer want = expected.rowBuffer(r);
            int base = expected.rowOffset(r);
            for (int i = 0; i < rowBytes; i++) {
                if (got[i] != want.get(base + i)) {
                    int block = i / type.typeSize();
                    fail(name + " row " + r + " byte " + i + " (block " + block + ", byte " + i % type.typeSize()
                            + " of the block): got 0x" + Integer.toHexString(got[i] & 0xFF) + ", ggml wrote 0x"
                            + Integer.toHexString(want.get(base + i) & 0xFF));
                }
            }
        }
    }
}
