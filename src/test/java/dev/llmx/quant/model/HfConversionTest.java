package dev.llmx.quant.model;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufFile;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.testing.Refs;
import dev.llmx.testing.Terminals;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfConversionTest {
    @TempDir
    Path dir;

    private static void convert(Path in, QuantType type, Path out) throws IOException {
        try (SourceModel source = SourceModel.open(in); RowWorkers workers = new RowWorkers(2)) {
            new ModelQuantizer(source, type, false).write(out, workers, Terminals.quietProgress());
        }
    }

    /** The folder was made from stories260K.gguf (q/k un-permuted); converting it back must give the same bytes. */
    @Test
    void stories260kFolderConvertsBackToTheGgufsTensors() throws IOException {
        Path folder = Refs.require("models/stories260K-hf");
        Path reference = Refs.require("models/stories260K.gguf");
        Path out = dir.resolve("s-f32.gguf");
        convert(folder, QuantType.F32, out);
        try (GgufFile a = GgufFile.open(reference); GgufFile b = GgufFile.open(out)) {
            assertEquals(a.tensors().size(), b.tensors().size());
            for (TensorInfo info : a.tensors()) {
                TensorInfo other = b.tensorInfo(info.name()).orElseThrow(() -> new AssertionError(info.name()));
                assertEquals(info.type(), other.type(), info.name());
                assertArrayEquals(info.shape(), other.shape(), info.name());
                assertArrayEquals(bytes(a.tensor(info.name())), bytes(b.tensor(info.name())), info.name());
            }
            for (String key : List.of("tokenizer.ggml.model", "tokenizer.ggml.tokens", "tokenizer.ggml.scores",
                    "tokenizer.ggml.token_type", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
                    "tokenizer.ggml.unknown_token_id", "llama.block_count", "llama.embedding_length",
                    "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
                    "llama.rope.dimension_count", "llama.attention.layer_norm_rms_epsilon")) {
                assertEquals(a.metadata().get(key).orElseThrow(), b.metadata().get(key).orElseThrow(), key);
            }
            assertEquals(0, b.metadata().getLong("general.file_type").orElseThrow());
            assertEquals(true, b.metadata().getBoolean("tokenizer.ggml.add_bos_token").orElseThrow());
            assertEquals("model", b.metadata().getString("general.type").orElseThrow());
        }
    }

    @Test
    void stories260kFolderQuantizesLikeItsGguf() throws IOException {
        Path folder = Refs.require("models/stories260K-hf");
        Path reference = Refs.require("models/stories260K.gguf");
        Path fromFolder = dir.resolve("hf-q4km.gguf");
        Path fromGguf = dir.resolve("gguf-q4km.gguf");
        convert(folder, QuantType.Q4_K_M, fromFolder);
        convert(reference, QuantType.Q4_K_M, fromGguf);
        try (GgufFile a = GgufFile.open(fromGguf); GgufFile b = GgufFile.open(fromFolder)) {
            for (TensorInfo info : a.tensors()) {
                assertEquals(info.type(), b.tensorInfo(info.name()).orElseThrow().type(), info.name());
                assertArrayEquals(bytes(a.tensor(info.name())), bytes(b.tensor(info.name())), info.name());
            }
        }
    }

    private static byte[] bytes(Tensor t) {
        byte[] out = new byte[(int) t.info().byteSize()];
        int at = 0;
        for (long r = 0; r < t.rows(); r++) {
            int n = t.data().rowBytes();
            ByteBuffer b = t.rowBuffer(r).duplicate();
            b.position(t.rowOffset(r));
            b.get(out, at, n);
            at += n;
        }
        return out;
    }

    @Test
    void ropePairsAreInterleavedPerHead() {
        // One head of 8 rows: GGUF rows 0..7 come from Hugging Face rows 0, 4, 1, 5, 2, 6, 3, 7.
        long[] expected = {0, 4, 1, 5, 2, 6, 3, 7};
        for (int r = 0; r < 8; r++) {
            assertEquals(expected[r], ConvertedTensor.sourceIndex(r, 8, 1));
        }
        // Two heads of 4: the second head's rows stay in the second head.
        long[] twoHeads = {0, 2, 1, 3, 4, 6, 5, 7};
        for (int r = 0; r < 8; r++) {
            assertEquals(twoHeads[r], ConvertedTensor.sourceIndex(r, 8, 2));
        }
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** A tiny llama folder (hidden 4, one head) with a Llama 3 style byte-level BPE tokenizer. */
    private Path llama3StyleFolder() throws IOException {
        float[] q = new float[16];
        for (int i = 0; i < 16; i++) {
            q[i] = i;
        }
        String header = "{\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[0,64]},"
                + "\"model.layers.0.self_attn.q_proj.weight\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[64,128]},"
                + "\"model.norm.weight\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[128,144]}}";
        ByteBuffer data = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
        data.put(floats(new float[16])).put(floats(q)).put(floats(1, 1, 1, 1));
        Path folder = TestModels.writeHfFolder(dir.resolve("tiny-hf"), header, data.array());
        Files.writeString(folder.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4,
                 "num_hidden_layers": 1, "num_attention_heads": 1, "num_key_value_heads": 1, "intermediate_size": 8,
                 "vocab_size": 4, "rms_norm_eps": 1e-5, "max_position_embeddings": 64, "rope_theta": 500000.0,
                 "bos_token_id": 3, "eos_token_id": [3]}
                """);
        Files.writeString(folder.resolve("tokenizer.json"), """
                {"added_tokens": [{"id": 3, "content": "<|begin_of_text|>", "special": true}],
                 "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                   {"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|\\\\p{N}{1,3}| ?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!\\\\S)|\\\\s+"}, "behavior": "Isolated"},
                   {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]},
                 "post_processor": {"type": "TemplateProcessing", "single": [
                   {"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]},
                 "decoder": {"type": "ByteLevel"},
                 "model": {"type": "BPE", "byte_fallback": false, "ignore_merges": true,
                   "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": [["a", "b"]]}}
                """);
        Files.writeString(folder.resolve("tokenizer_config.json"), """
                {"bos_token": "<|begin_of_text|>", "eos_token": "<|begin_of_text|>",
                 "chat_template": "{{ messages }}"}
                """);
        return folder;
    }

    @Test
    void aByteLevelTokenizerBecomesAGpt2Vocabulary() throws IOException {
        Path out = dir.resolve("tiny.gguf");
        convert(llama3StyleFolder(), QuantType.F32, out);
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals("gpt2", f.metadata().getString("tokenizer.ggml.model").orElseThrow());
            assertEquals("llama-bpe", f.metadata().getString("tokenizer.ggml.pre").orElseThrow());
            GgufArray tokens = f.metadata().getArray("tokenizer.ggml.tokens").orElseThrow();
            assertEquals(4, tokens.length());
            assertEquals("<|begin_of_text|>", tokens.get(3));
            GgufArray types = f.metadata().getArray("tokenizer.ggml.token_type").orElseThrow();
            assertEquals(1L, types.getLong(0));
            assertEquals(3L, types.getLong(3), "an added special token is a control token");
            assertEquals("a b", f.metadata().getArray("tokenizer.ggml.merges").orElseThrow().get(0));
            assertEquals(3, f.metadata().getLong("tokenizer.ggml.bos_token_id").orElseThrow());
            assertTrue(f.metadata().getBoolean("tokenizer.ggml.add_bos_token").orElseThrow());
            assertEquals("{{ messages }}", f.metadata().getString("tokenizer.chat_template").orElseThrow());
            assertEquals(500000.0, f.metadata().getDouble("llama.rope.freq_base").orElseThrow());
            assertFalse(f.metadata().contains("tokenizer.ggml.scores"), "gpt2 vocabularies have no scores");
            // q_proj: one head of 4 rows, GGUF rows 0..3 from Hugging Face rows 0, 2, 1, 3; kept F32.
            Tensor q = f.tensor("blk.0.attn_q.weight");
            assertEquals(GgmlType.F32, q.type());
            assertArrayEquals(new float[] {8, 9, 10, 11}, q.dequantizeRow(1));
            assertArrayEquals(new float[] {4, 5, 6, 7}, q.dequantizeRow(2));
        }
    }

    @Test
    void otherArchitecturesAreSentToLlamaCppsConverter() throws IOException {
        Path folder = llama3StyleFolder();
        Files.writeString(folder.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 4,
                 "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 8, "vocab_size": 4,
                 "rms_norm_eps": 1e-6}
                """);
        LlmxException e = assertThrows(LlmxException.class, () -> SourceModel.open(folder).close());
        assertTrue(e.getMessage().contains("convert_hf_to_gguf.py"), e.getMessage());
    }
}
