package dev.llmx.model;

import dev.llmx.tensor.Tensor;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stories260K as published in GGUF and as a Hugging Face folder: the same weights, so both paths must produce the
 * same description and the same tensors, except that the GGUF q/k rows are permuted for interleaved RoPE and the
 * folder keeps rotate-half order, which each records.
 */
class HfAndGgufDescribeTheSameModelTest {
    private static ModelSource gguf;
    private static ModelSource hf;

    @BeforeAll
    static void open() {
        gguf = ModelFiles.open(Refs.require("models/stories260K.gguf"));
        hf = ModelFiles.open(Refs.require("models/stories260K-hf"));
    }

    @AfterAll
    static void close() {
        if (gguf != null) {
            gguf.close();
        }
        if (hf != null) {
            hf.close();
        }
    }

    @Test
    void sameConfiguration() {
        ModelConfig a = gguf.config();
        ModelConfig b = hf.config();
        assertEquals("llama", a.architecture());
        assertEquals(a.architecture(), b.architecture());
        assertEquals(64, a.embeddingLength());
        assertEquals(a.embeddingLength(), b.embeddingLength());
        assertEquals(5, a.layers());
        assertEquals(a.layers(), b.layers());
        assertEquals(8, a.heads());
        assertEquals(a.heads(), b.heads());
        assertEquals(4, a.kvHeads());
        assertEquals(a.kvHeads(), b.kvHeads());
        assertEquals(8, a.headDim());
        assertEquals(a.headDim(), b.headDim());
        assertEquals(172, a.ffnLength());
        assertEquals(a.ffnLength(), b.ffnLength());
        assertEquals(512, a.vocabSize());
        assertEquals(a.vocabSize(), b.vocabSize());
        assertEquals(a.rope().base(), b.rope().base());
        assertEquals(a.rope().dimensions(), b.rope().dimensions());
        assertEquals(NormKind.RMS, b.norm());
        assertEquals(a.normEps(), b.normEps(), 1e-9);
        assertFalse(a.tiedEmbeddings());
        assertFalse(b.tiedEmbeddings());
        assertTrue(a.missing().isEmpty(), a.missing()::toString);
        assertTrue(b.missing().isEmpty(), b.missing()::toString);
        assertEquals(RopeLayout.INTERLEAVED, a.rope().layout(), "GGUF llama: q/k permuted by the converter");
        assertEquals(RopeLayout.HALVES, b.rope().layout(), "Hugging Face: rotate-half order");
    }

    @Test
    void sameTensorNamesAndShapes() {
        Set<String> a = gguf.tensors().stream().map(ModelTensor::name).collect(Collectors.toSet());
        Set<String> b = hf.tensors().stream().map(ModelTensor::name).collect(Collectors.toSet());
        assertEquals(a, b);
        for (ModelTensor t : gguf.tensors()) {
            ModelTensor h = hf.findTensor(t.name()).orElseThrow();
            assertArrayEquals(t.info().shape(), h.info().shape(), t.name());
            assertEquals(t.info().type(), h.info().type(), t.name());
        }
        assertEquals("model.layers.3.self_attn.q_proj.weight", hf.findTensor("blk.3.attn_q.weight").orElseThrow().sourceName());
    }

    @Test
    void sameWeightsExceptRopePermutationOfQueriesAndKeys() {
        for (ModelTensor t : gguf.tensors()) {
            Tensor a = gguf.tensor(t.name());
            Tensor b = hf.tensor(t.name());
            boolean q = t.name().endsWith("attn_q.weight");
            boolean k = t.name().endsWith("attn_k.weight");
            int heads = q ? gguf.config().heads() : gguf.config().kvHeads();
            int headDim = gguf.config().headDim();
            for (long r = 0; r < a.rows(); r++) {
                long hfRow = q || k ? halvesRowFor(r, headDim) : r;
                assertArrayEquals(b.dequantizeRow(hfRow), a.dequantizeRow(r), t.name() + " row " + r);
            }
            if (q || k) {
                assertEquals(heads * headDim, a.rows());
            }
        }
    }

    /**
     * llama.cpp's converter maps rotate-half row (head h, half j, index i) to interleaved row (h, 2i + j); this is its
     * inverse: which Hugging Face row holds GGUF row {@code row}.
     */
    private static long halvesRowFor(long row, int headDim) {
        long head = row / headDim;
        long within = row % headDim;
        long i = within / 2;
        long j = within % 2;
        return head * headDim + j * (headDim / 2) + i;
    }
}
