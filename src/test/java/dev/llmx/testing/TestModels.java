package dev.llmx.testing;

import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufValueType;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.tensor.GgmlType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small model files made by the project's own writers, for tests that must run without ../shared/refs. */
public final class TestModels {
    private TestModels() {
    }

    /** Values of the small GGUF's {@code token_embd.weight} (F32, shape [8, 2]). */
    public static float[] embeddingValues() {
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 7.5f) / 4;
        }
        return v;
    }

    /**
     * A small, valid GGUF: metadata of every value type (nested arrays included) and three tensors (F32, Q8_0, F16)
     * whose sizes are multiples of the alignment, so that the file ends exactly where the last tensor does.
     */
    public static GgufWriter smallGguf() {
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.putString("general.name", "small test model");
        w.putUint32("general.alignment", 32);
        w.putUint32("llama.block_count", 1);
        w.putUint32("llama.embedding_length", 8);
        w.putUint32("llama.attention.head_count", 2);
        w.put("test.u8", GgufValue.integer(GgufValueType.UINT8, 200));
        w.put("test.i8", GgufValue.integer(GgufValueType.INT8, -3));
        w.put("test.u16", GgufValue.integer(GgufValueType.UINT16, 65000));
        w.put("test.i16", GgufValue.integer(GgufValueType.INT16, -30000));
        w.put("test.i32", GgufValue.int32(-70000));
        w.put("test.u64", GgufValue.uint64(-1L));
        w.put("test.i64", GgufValue.integer(GgufValueType.INT64, Long.MIN_VALUE));
        w.putFloat32("test.f32", 1.5f);
        w.put("test.f64", GgufValue.float64(-2.25));
        w.put("test.bool", GgufValue.bool(true));
        w.put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStrings(List.of("a", "bb", "ccc"))));
        w.put("test.nested", GgufValue.array(GgufArray.ofArrays(new GgufArray[] {
            GgufArray.ofIntegers(GgufValueType.INT32, new long[] {1, 2}),
            GgufArray.ofIntegers(GgufValueType.INT32, new long[] {3})})));

        ByteBuffer embd = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : embeddingValues()) {
            embd.putFloat(f);
        }
        w.addTensor("token_embd.weight", GgmlType.F32, new long[] {8, 2}, GgufWriter.TensorSource.of(embd.flip()));
        ByteBuffer q8 = ByteBuffer.allocate(16 * 34).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < 16; block++) {
            q8.putShort((short) 0x2C00); // scale 1/16 in F16
            for (int j = 0; j < 32; j++) {
                q8.put((byte) (j - 16 + block));
            }
        }
        w.addTensor("blk.0.attn_q.weight", GgmlType.Q8_0, new long[] {32, 16}, GgufWriter.TensorSource.of(q8.flip()));
        ByteBuffer f16 = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            f16.putShort((short) 0x3C00); // 1.0
        }
        w.addTensor("output_norm.weight", GgmlType.F16, new long[] {16}, GgufWriter.TensorSource.of(f16.flip()));
        return w;
    }

    /**
     * A GGUF shaped like TinyLlama 1.1B (22 layers, d_model 2048, GQA 32/4, FFN 5632, 32000-token vocabulary) with
     * Q8_0 weights, about 1.1 GiB. The weights are zeros written as holes, so the file costs almost no disk; the
     * metadata is real-sized (32000 token strings, scores and types).
     */
    public static Path writeTinyLlamaShaped(Path target) throws IOException {
        int d = 2048;
        int ffn = 5632;
        int kv = 256;
        int vocab = 32000;
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.putString("general.name", "tinyllama-shaped zeros");
        w.putUint32("llama.context_length", 2048);
        w.putUint32("llama.embedding_length", d);
        w.putUint32("llama.block_count", 22);
        w.putUint32("llama.feed_forward_length", ffn);
        w.putUint32("llama.attention.head_count", 32);
        w.putUint32("llama.attention.head_count_kv", 4);
        w.putUint32("llama.rope.dimension_count", 64);
        w.putFloat32("llama.rope.freq_base", 10000f);
        w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        w.putString("tokenizer.ggml.model", "llama");
        String[] tokens = new String[vocab];
        float[] scores = new float[vocab];
        long[] types = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            tokens[i] = "▁token" + i;
            scores[i] = -i;
            types[i] = 1;
        }
        w.put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStrings(List.of(tokens))));
        w.put("tokenizer.ggml.scores", GgufValue.array(GgufArray.ofFloat32(scores)));
        w.put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofIntegers(GgufValueType.INT32, types)));
        GgufWriter.TensorSource zeros = GgufWriter.TensorSource.zeros();
        w.addTensor("token_embd.weight", GgmlType.Q8_0, new long[] {d, vocab}, zeros);
        for (int l = 0; l < 22; l++) {
            String b = "blk." + l + ".";
            w.addTensor(b + "attn_norm.weight", GgmlType.F32, new long[] {d}, zeros);
            w.addTensor(b + "attn_q.weight", GgmlType.Q8_0, new long[] {d, d}, zeros);
            w.addTensor(b + "attn_k.weight", GgmlType.Q8_0, new long[] {d, kv}, zeros);
            w.addTensor(b + "attn_v.weight", GgmlType.Q8_0, new long[] {d, kv}, zeros);
            w.addTensor(b + "attn_output.weight", GgmlType.Q8_0, new long[] {d, d}, zeros);
            w.addTensor(b + "ffn_norm.weight", GgmlType.F32, new long[] {d}, zeros);
            w.addTensor(b + "ffn_gate.weight", GgmlType.Q8_0, new long[] {d, ffn}, zeros);
            w.addTensor(b + "ffn_up.weight", GgmlType.Q8_0, new long[] {d, ffn}, zeros);
            w.addTensor(b + "ffn_down.weight", GgmlType.Q8_0, new long[] {ffn, d}, zeros);
        }
        w.addTensor("output_norm.weight", GgmlType.F32, new long[] {d}, zeros);
        w.addTensor("output.weight", GgmlType.Q8_0, new long[] {d, vocab}, zeros);
        w.write(target);
        return target;
    }

    public static Path writeSmallGguf(Path dir) throws IOException {
        Path p = dir.resolve("small.gguf");
        smallGguf().write(p);
        return p;
    }

    /**
     * A Hugging Face folder holding a tiny llama: config.json, and model.safetensors with the given header JSON
     * (tensors described there) followed by {@code data}.
     */
    public static Path writeHfFolder(Path dir, String headerJson, byte[] data) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "llama", "hidden_size": 4, "num_hidden_layers": 1, "num_attention_heads": 2,
                 "intermediate_size": 8, "vocab_size": 2, "rms_norm_eps": 1e-5, "max_position_embeddings": 64}
                """);
        Files.write(dir.resolve("model.safetensors"), safetensors(headerJson, data));
        return dir;
    }

    /** The bytes of a safetensors file: header length, header, data. */
    public static byte[] safetensors(String headerJson, byte[] data) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return b.array();
    }

    /** A valid header for {@link #smallSafetensorsData()}: F32 [2,4], F16 [4], BF16 [2,2]. */
    public static String smallSafetensorsHeader() {
        return "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,32]},"
                + "\"model.norm.weight\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[32,40]},"
                + "\"model.layers.0.self_attn.q_proj.weight\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[40,48]}}";
    }

    public static byte[] smallSafetensorsData() {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            b.putFloat(i * 0.5f - 1);
        }
        for (int i = 0; i < 4; i++) {
            b.putShort((short) 0x4000); // 2.0 in F16
        }
        for (int i = 0; i < 4; i++) {
            b.putShort((short) 0xBF80); // -1.0 in BF16
        }
        return b.array();
    }

    private static GgufWriter.TensorSource gaussian(long seed, int n) {
        java.util.Random random = new java.util.Random(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) (random.nextGaussian() * 0.05));
        }
        return GgufWriter.TensorSource.of(b.flip());
    }

    /**
     * A two-layer llama with seeded Gaussian F32 weights and 256-wide rows (every quantization type's blocks fit),
     * written to {@code dir/tiny-f32.gguf}: input for quantization tests that must run without ../shared/refs.
     */
    public static Path writeTinyF32Llama(Path dir) throws IOException {
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
}
