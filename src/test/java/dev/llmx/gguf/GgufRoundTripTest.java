package dev.llmx.gguf;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.testing.Refs;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void writtenFileReadsBackWithEveryValueType() throws IOException {
        Path p = TestModels.writeSmallGguf(dir);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(3, f.version());
            GgufMetadata md = f.metadata();
            assertEquals("general.architecture", md.asMap().keySet().iterator().next(), "architecture comes first");
            assertEquals(200, md.getLong("test.u8").orElseThrow());
            assertEquals(-3, md.getLong("test.i8").orElseThrow());
            assertEquals(65000, md.getLong("test.u16").orElseThrow());
            assertEquals(-30000, md.getLong("test.i16").orElseThrow());
            assertEquals(-70000, md.getLong("test.i32").orElseThrow());
            assertEquals("18446744073709551615", md.get("test.u64").orElseThrow().integerText());
            assertEquals(Long.MIN_VALUE, md.getLong("test.i64").orElseThrow());
            assertEquals(1.5, md.getDouble("test.f32").orElseThrow());
            assertEquals(-2.25, md.getDouble("test.f64").orElseThrow());
            assertTrue(md.getBoolean("test.bool").orElseThrow());
            assertArrayEquals(new String[] {"a", "bb", "ccc"}, md.getArray("tokenizer.ggml.tokens").orElseThrow().toStringArray());
            GgufArray nested = md.getArray("test.nested").orElseThrow();
            assertEquals(GgufValueType.ARRAY, nested.elementType());
            assertArrayEquals(new int[] {1, 2}, nested.getArray(0).toIntArray());
            assertArrayEquals(new int[] {3}, nested.getArray(1).toIntArray());
            // llama.cpp's conventions, added because the caller did not set them.
            assertEquals(GgufWriter.QUANTIZATION_VERSION, md.getLong(GgufWriter.QUANTIZATION_VERSION_KEY).orElseThrow());
            assertEquals(LlamaFileType.MOSTLY_Q8_0.id(), md.getLong(GgufWriter.FILE_TYPE_KEY).orElseThrow());

            assertEquals(List.of("token_embd.weight", "blk.0.attn_q.weight", "output_norm.weight"),
                    f.tensors().stream().map(TensorInfo::name).toList());
            for (TensorInfo t : f.tensors()) {
                assertEquals(0, t.offset() % 32, t.name() + " is aligned");
            }
            Tensor embd = f.tensor("token_embd.weight");
            float[] values = new float[16];
            embd.dequantizeRow(0, values, 0);
            embd.dequantizeRow(1, values, 8);
            assertArrayEquals(TestModels.embeddingValues(), values);
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                    f.tensor("output_norm.weight").dequantizeRow(0));
            float[] q = f.tensor("blk.0.attn_q.weight").dequantizeRow(3);
            assertEquals((0 - 16 + 3) / 16f, q[0]);
            assertEquals(f.dataOffset() + 64 + 544 + 32, f.fileSize(), "file ends where the last tensor does");
        }
    }

    @Test
    void rewritingIsIdempotentByteForByte() throws IOException {
        Path first = TestModels.writeSmallGguf(dir);
        Path second = dir.resolve("second.gguf");
        copy(first, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    /** Reading a llama.cpp file and writing it back with our writer reproduces it exactly. */
    @ParameterizedTest
    @ValueSource(strings = {"models/ref-llama-Q4_K_M.gguf", "models/ref-qwen3-Q6_K.gguf", "quant/ggml-quant-suite.gguf"})
    void llamaCppFilesRoundTripExactly(String ref) throws IOException {
        Path original = Refs.require(ref);
        Path copy = dir.resolve("copy.gguf");
        copy(original, copy);
        try (GgufFile f = GgufFile.open(original)) {
            // The quant suite has no file type; the writer adds one, so only the files that have one compare whole.
            if (f.metadata().contains(GgufWriter.FILE_TYPE_KEY)) {
                assertEquals(Files.size(original), Files.size(copy));
                assertEquals(-1, Files.mismatch(original, copy), "first differing byte");
            }
            try (GgufFile c = GgufFile.open(copy)) {
                for (TensorInfo t : f.tensors()) {
                    TensorInfo ct = c.tensorInfo(t.name()).orElseThrow();
                    assertEquals(t.type(), ct.type());
                    assertArrayEquals(t.shape(), ct.shape());
                    assertEquals(f.tensor(t.name()).rowBuffer(0).slice(0, (int) t.rowBytes()),
                            c.tensor(t.name()).rowBuffer(0).slice(0, (int) t.rowBytes()));
                }
                f.metadata().asMap().forEach((k, v) -> assertEquals(v, c.metadata().get(k).orElseThrow(), k));
            }
        }
    }

    @Test
    void customAlignmentIsHonoured() throws IOException {
        GgufWriter w = TestModels.smallGguf().putUint32("general.alignment", 256);
        Path p = dir.resolve("aligned.gguf");
        w.write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(256, f.alignment());
            assertEquals(0, f.dataOffset() % 256);
            for (TensorInfo t : f.tensors()) {
                assertEquals(0, (t.offset() - f.dataOffset()) % 256);
            }
            assertArrayEquals(TestModels.embeddingValues(), concat(f.tensor("token_embd.weight")));
        }
    }

    @Test
    void architectureIsRequired() {
        GgufWriter w = new GgufWriter().putString("general.name", "x");
        assertThrows(IllegalStateException.class, () -> w.write(dir.resolve("x.gguf")));
        assertFalse(Files.exists(dir.resolve("x.gguf")));
    }

    @Test
    void failedWriteLeavesNoFileBehind() throws IOException {
        Path target = dir.resolve("model.gguf");
        Files.writeString(target, "previous content");
        GgufWriter w = new GgufWriter().putString("general.architecture", "llama")
                .addTensor("t", GgmlType.F32, new long[] {4}, (out, position, size) -> {
                    throw new IOException("disk full");
                });
        assertThrows(IOException.class, () -> w.write(target));
        assertEquals("previous content", Files.readString(target), "the old file is untouched");
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(target), listing.toList(), "no temporary file is left");
        }
    }

    @Test
    void tensorSizeMustMatchItsShape() {
        GgufWriter w = new GgufWriter().putString("general.architecture", "llama")
                .addTensor("t", GgmlType.F32, new long[] {4}, GgufWriter.TensorSource.of(ByteBuffer.allocate(12)));
        assertThrows(IllegalArgumentException.class, () -> w.write(dir.resolve("bad.gguf")));
    }

    private static float[] concat(Tensor t) {
        List<Float> all = new ArrayList<>();
        for (long r = 0; r < t.rows(); r++) {
            for (float v : t.dequantizeRow(r)) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (GgufFile f = GgufFile.open(from)) {
            GgufWriter w = new GgufWriter().putAll(f.metadata());
            for (TensorInfo t : f.tensors()) {
                w.addTensor(f.tensor(t.name()));
            }
            w.write(to);
        }
    }
}
