package dev.llmx.quant.model;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.quant.Quantizers;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorOrder;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.render.Progress;
import dev.llmx.render.Terminal;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelQuantizerTest {
    @TempDir
    Path dir;

    private static Progress quiet() {
        Terminal t = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, false, false, false, 80);
        return Progress.bytes(t, "test", 1);
    }

    private static GgufWriter.TensorSource gaussian(long seed, int n) {
        Random random = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) (random.nextGaussian() * 0.05));
        }
        return GgufWriter.TensorSource.of(b.flip());
    }

    /** A two-layer llama in F32 with 256-wide rows (every type's blocks fit), written by the project's writer. */
    private Path tinyLlama() throws IOException {
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.putString("general.name", "tiny");
        w.putUint32("llama.block_count", 2);
        w.putUint32("llama.embedding_length", 256);
        w.putUint32("llama.attention.head_count", 4);
        w.putUint32("llama.attention.head_count_kv", 1);
        w.putUint32("llama.feed_forward_length", 512);
        w.putUint32("general.file_type", 0);
        long seed = 1;
        w.addTensor("token_embd.weight", GgmlType.F32, new long[] {256, 64}, gaussian(seed++, 256 * 64));
        w.addTensor("output_norm.weight", GgmlType.F32, new long[] {256}, gaussian(seed++, 256));
        for (int l = 0; l < 2; l++) {
            String b = "blk." + l + ".";
            w.addTensor(b + "attn_norm.weight", GgmlType.F32, new long[] {256}, gaussian(seed++, 256));
            w.addTensor(b + "attn_q.weight", GgmlType.F32, new long[] {256, 256}, gaussian(seed++, 256 * 256));
            w.addTensor(b + "attn_k.weight", GgmlType.F32, new long[] {256, 64}, gaussian(seed++, 256 * 64));
            w.addTensor(b + "attn_v.weight", GgmlType.F32, new long[] {256, 64}, gaussian(seed++, 256 * 64));
            w.addTensor(b + "attn_output.weight", GgmlType.F32, new long[] {256, 256}, gaussian(seed++, 256 * 256));
            w.addTensor(b + "ffn_gate.weight", GgmlType.F32, new long[] {256, 512}, gaussian(seed++, 256 * 512));
            w.addTensor(b + "ffn_up.weight", GgmlType.F32, new long[] {256, 512}, gaussian(seed++, 256 * 512));
            w.addTensor(b + "ffn_down.weight", GgmlType.F32, new long[] {512, 256}, gaussian(seed++, 512 * 256));
        }
        Path p = dir.resolve("tiny-f32.gguf");
        w.write(p);
        return p;
    }

    private static void quantize(Path in, QuantType type, Path out, int threads) throws IOException {
        try (SourceModel source = SourceModel.open(in); RowWorkers workers = new RowWorkers(threads)) {
            new ModelQuantizer(source, type, false).write(out, workers, quiet());
        }
    }

    @Test
    void theFileFollowsLlamaQuantizesConventions() throws IOException {
        Path out = dir.resolve("tiny-q4km.gguf");
        quantize(tinyLlama(), QuantType.Q4_K_M, out, 2);
        try (GgufFile f = GgufFile.open(out)) {
            List<String> keys = new ArrayList<>(f.metadata().asMap().keySet());
            assertEquals("general.architecture", keys.get(0));
            assertEquals(List.of("general.quantization_version", "general.file_type"), keys.subList(keys.size() - 2,
                    keys.size()), "llama-quantize appends these two, replacing the input's file type");
            assertEquals(15, f.metadata().getLong("general.file_type").orElseThrow());
            assertEquals(2, f.metadata().getLong("general.quantization_version").orElseThrow());
            assertEquals(32, f.alignment(), "GGUF's default alignment");
            assertEquals(0, f.dataOffset() % 32);
            List<String> names = new ArrayList<>();
            for (TensorInfo t : f.tensors()) {
                names.add(t.name());
                assertEquals(0, (t.offset() - f.dataOffset()) % 32, t.name() + " is aligned");
            }
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(TensorOrder.LLAMA);
            assertEquals(sorted, names);
            assertEquals(GgmlType.Q6_K, f.tensorInfo("token_embd.weight").orElseThrow().type(), "tied embeddings");
            assertEquals(GgmlType.Q4_K, f.tensorInfo("blk.0.attn_q.weight").orElseThrow().type());
            assertEquals(GgmlType.Q4_K, f.tensorInfo("blk.0.ffn_down.weight").orElseThrow().type());
            assertEquals(GgmlType.Q6_K, f.tensorInfo("blk.1.ffn_down.weight").orElseThrow().type(),
                    "use_more_bits: the last eighth of 2 layers is layer 1");
            assertEquals(GgmlType.F32, f.tensorInfo("blk.0.attn_norm.weight").orElseThrow().type());
        }
    }

    @Test
    void everyTensorHoldsTheQuantizersBytesForItsRows() throws IOException {
        Path in = tinyLlama();
        Path out = dir.resolve("tiny-q5km.gguf");
        quantize(in, QuantType.Q5_K_M, out, 2);
        try (GgufFile src = GgufFile.open(in); GgufFile dst = GgufFile.open(out)) {
            for (TensorInfo info : dst.tensors()) {
                Tensor s = src.tensor(info.name());
                Tensor d = dst.tensor(info.name());
                byte[] expected = new byte[(int) info.rowBytes()];
                for (long r = 0; r < d.rows(); r += Math.max(1, d.rows() / 7)) {
                    Quantizers.require(info.type()).quantize(s.dequantizeRow(r), 0, expected, 0, s.rowLength());
                    byte[] got = new byte[expected.length];
                    d.rowBuffer(r).get(d.rowOffset(r), got);
                    assertArrayEquals(expected, got, info.name() + " row " + r);
                }
            }
        }
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() throws IOException {
        Path in = tinyLlama();
        Path one = dir.resolve("one.gguf");
        Path many = dir.resolve("many.gguf");
        quantize(in, QuantType.Q3_K_M, one, 1);
        quantize(in, QuantType.Q3_K_M, many, 3);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(many));
    }

    @Test
    void theInputIsNeverOverwritten() throws IOException {
        Path in = tinyLlama();
        byte[] before = Files.readAllBytes(in);
        LlmxException e = assertThrows(LlmxException.class, () -> quantize(in, QuantType.Q8_0, in, 1));
        assertTrue(e.getMessage().contains("refusing to overwrite the input"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void aMissingFolderFailsBeforeAnyWork() throws IOException {
        Path in = tinyLlama();
        LlmxException e = assertThrows(LlmxException.class,
                () -> quantize(in, QuantType.Q8_0, dir.resolve("no/such/dir/out.gguf"), 1));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    /** An already quantized input is refused, or with permission decoded and quantized again (llama-quantize's way). */
    @Test
    void aQuantizedInputIsDecodedFirstWithAllowRequantize() throws IOException {
        Path in = tinyLlama();
        Path q8 = dir.resolve("q8.gguf");
        quantize(in, QuantType.Q8_0, q8, 2);
        Path q4 = dir.resolve("q4.gguf");
        try (SourceModel source = SourceModel.open(q8); RowWorkers workers = new RowWorkers(2)) {
            assertThrows(LlmxException.class, () -> new ModelQuantizer(source, QuantType.Q4_0, false));
            ModelQuantizer quantizer = new ModelQuantizer(source, QuantType.Q4_0, true);
            assertTrue(quantizer.plan().stream().anyMatch(p -> p.source() == GgmlType.Q8_0 && p.target() == GgmlType.Q4_0));
            quantizer.write(q4, workers, quiet());
        }
        try (GgufFile f = GgufFile.open(q4)) {
            assertEquals(GgmlType.Q4_0, f.tensorInfo("blk.1.attn_q.weight").orElseThrow().type());
        }
    }

    @Test
    void stories260kQ4KmHasLlamaCppsFallbackTypes() throws IOException {
        Path in = Refs.require("models/stories260K.gguf");
        Path out = dir.resolve("s-q4km.gguf");
        quantize(in, QuantType.Q4_K_M, out, 2);
        try (GgufFile f = GgufFile.open(out); SourceModel s = SourceModel.open(in)) {
            assertEquals(GgmlType.Q8_0, f.tensorInfo("output.weight").orElseThrow().type());
            assertEquals(GgmlType.Q5_0, f.tensorInfo("token_embd.weight").orElseThrow().type());
            assertEquals(GgmlType.Q8_0, f.tensorInfo("blk.2.attn_v.weight").orElseThrow().type());
            assertEquals(GgmlType.F16, f.tensorInfo("blk.0.ffn_down.weight").orElseThrow().type());
            assertEquals(s.tensors().size(), f.tensors().size());
            for (String key : s.metadata().keySet()) {
                if (!key.equals("general.file_type")) {
                    GgufValue a = s.metadata().get(key);
                    GgufValue b = f.metadata().get(key).orElseThrow(() -> new AssertionError(key + " was dropped"));
                    assertEquals(a, b, key);
                }
            }
            List<TensorPlan> plan = new ModelQuantizer(s, QuantType.Q4_K_M, false).plan();
            assertEquals(36, plan.stream().filter(TensorPlan::fallback).count());
        }
    }
}
