package dev.llmx.tensor;

import dev.llmx.LlmxException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgmlTypeTest {
    @Test
    void bitsPerWeightMatchGgmlsDocumentedSizes() {
        assertEquals(4.5, GgmlType.Q4_0.bitsPerWeight());
        assertEquals(8.5, GgmlType.Q8_0.bitsPerWeight());
        assertEquals(2.625, GgmlType.Q2_K.bitsPerWeight());
        assertEquals(3.4375, GgmlType.Q3_K.bitsPerWeight());
        assertEquals(4.5, GgmlType.Q4_K.bitsPerWeight());
        assertEquals(5.5, GgmlType.Q5_K.bitsPerWeight());
        assertEquals(6.5625, GgmlType.Q6_K.bitsPerWeight());
        assertEquals(4.25, GgmlType.IQ4_XS.bitsPerWeight());
        assertEquals(1.6875, GgmlType.TQ1_0.bitsPerWeight());
        assertEquals(2.0625, GgmlType.TQ2_0.bitsPerWeight());
        assertEquals(4.25, GgmlType.MXFP4.bitsPerWeight());
        assertEquals(16, GgmlType.BF16.bitsPerWeight());
    }

    @Test
    void idsAreUniqueAndRetiredIdsAreUnknown() {
        Set<Integer> ids = new HashSet<>();
        for (GgmlType t : GgmlType.values()) {
            assertTrue(ids.add(t.id()), t + " has a unique id");
            assertSame(t, GgmlType.byId(t.id()));
            assertSame(t, GgmlType.byName(t.name().toLowerCase()));
        }
        for (long retired : new long[] {4, 5, 31, 32, 33, 36, 37, 38, 64, -1, 1L << 32}) {
            assertNull(GgmlType.byId(retired), "id " + retired);
        }
        assertSame(GgmlType.Q4_K, GgmlType.byName("q4_K"));
    }

    @Test
    void sizeArithmeticRefusesOverflowAndPartialBlocks() {
        assertEquals(144, GgmlType.Q4_K.bytesFor(256));
        assertEquals(0, GgmlType.Q4_K.bytesFor(0));
        assertThrows(LlmxException.class, () -> GgmlType.Q4_K.bytesFor(255));
        assertThrows(LlmxException.class, () -> GgmlType.F32.bytesFor(Long.MAX_VALUE / 2));
        assertThrows(LlmxException.class, () -> GgmlType.F32.bytesFor(-4));
        assertThrows(LlmxException.class, () -> TensorInfo.elementsOf(new long[] {1L << 32, 1L << 32}));
        assertThrows(LlmxException.class, () -> TensorInfo.of("t", GgmlType.Q8_0, new long[] {33, 2}, 0));
        assertEquals(34L * 2, TensorInfo.of("t", GgmlType.Q8_0, new long[] {32, 2}, 0).byteSize());
    }

    @Test
    void everyTypeNamedInTheIssueDecodes() {
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q4_1,
            GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K,
            GgmlType.Q6_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS, GgmlType.TQ1_0, GgmlType.TQ2_0, GgmlType.MXFP4}) {
            assertTrue(Dequantizers.supports(t), t.name());
        }
        LlmxException e = assertThrows(LlmxException.class, () -> Dequantizers.require(GgmlType.IQ3_S, "blk.3.ffn_up.weight"));
        assertEquals("tensor type IQ3_S is not supported yet (tensor 'blk.3.ffn_up.weight')", e.getMessage());
    }
}
