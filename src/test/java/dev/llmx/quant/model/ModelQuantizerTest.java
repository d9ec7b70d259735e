package dev.llmx.quant.model;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufValue;
import dev.llmx.quant.Quantizers;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorOrder;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.testing.Refs;
import dev.llmx.testing.Terminals;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelQuantizerTest {
    @TempDir
    Path dir;

    private Path tinyLlama() throws IOException {
        return TestModels.writeTinyF32Llama(dir);
    }

    private static void quantize(Path in, QuantType type, Path out, int threads) throws IOException {
        try (SourceModel source = SourceModel.open(in); RowWorkers workers = new RowWorkers(threads)) {
            new ModelQuantizer(source, type, false).write(out, workers, Terminals.quietProgress());
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
            quantizer.write(q4, workers, Terminals.quietProgress());
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
