package dev.llmx.model;

import dev.llmx.engine.Model;
import dev.llmx.engine.Session;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Hugging Face Qwen3-MoE folder (experts as separate {@code mlp.experts.E.*_proj} matrices, router
 * {@code mlp.gate}) loads with its experts stacked into llama.cpp's 3-D {@code ffn_*_exps} without copying, and
 * runs as the GGUF it was written from: the folder here is ref-qwen3moe-Q8_0 dequantized to F32.
 */
class HfMoeFolderTest {
    @TempDir
    Path dir;

    @Test
    void expertsStackAndTheFolderRunsAsTheGguf() throws IOException {
        Path gguf = Refs.require("models/ref-qwen3moe-Q8_0.gguf");
        Path folder = dir.resolve("qwen3moe-hf");
        try (ModelSource source = ModelFiles.open(gguf)) {
            writeFolder(source, folder);
        }
        int[] tokens = {464, 3797, 3332, 319, 262};
        try (ModelSource g = ModelFiles.open(gguf); ModelSource h = ModelFiles.open(folder)) {
            assertEquals("qwen3moe", h.config().architecture());
            assertEquals(new ModelConfig.Experts(8, 2, 128), h.config().experts());
            ModelTensor up = h.findTensor("blk.1.ffn_up_exps.weight").orElseThrow();
            assertEquals("[256, 128, 8]", java.util.Arrays.toString(up.info().shape()));
            assertEquals("model.layers.1.mlp.experts.*.up_proj.weight", up.sourceName());
            // expert 5's row 3 of the stack is expert 5's own matrix row 3, read in place
            Tensor stackedUp = h.tensor("blk.1.ffn_up_exps.weight");
            float[] row = stackedUp.dequantizeRow(5 * 128 + 3);
            float[] want = g.tensor("blk.1.ffn_up_exps.weight").dequantizeRow(5 * 128 + 3);
            assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(row));

            float[] a = lastLogits(g, tokens);
            float[] b = lastLogits(h, tokens);
            // The GGUF's Q8_0 products round their activations to 8 bits as llama.cpp does, the F32 folder's do not;
            // on this random-weight model that alone moves logits by a few hundredths of their spread (measured
            // 0.057 absolute), while a wrongly stacked expert moves them by whole units.
            double worst = 0;
            double mean = 0;
            for (float v : a) {
                mean += v / a.length;
            }
            double variance = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
                variance += (a[i] - mean) * (a[i] - mean) / a.length;
            }
            assertTrue(worst / Math.sqrt(variance) < 0.1, "max |Δ logit| / std " + worst / Math.sqrt(variance));
        }
    }

    private static float[] lastLogits(ModelSource source, int[] tokens) {
        try (Session s = Session.open(Model.load(source, Kernels.scalar()), 64, 1)) {
            float[][] last = new float[1][];
            s.prefillAll(tokens, null, (p, logits) -> last[0] = logits.clone());
            return last[0];
        }
    }

    /** Writes {@code source}'s tensors as an F32 Hugging Face Qwen3-MoE folder (config.json, model.safetensors). */
    private static void writeFolder(ModelSource source, Path folder) throws IOException {
        Files.createDirectories(folder);
        ModelConfig c = source.config();
        Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"qwen3_moe\", \"hidden_size\": 256,"
                + " \"num_hidden_layers\": 3, \"num_attention_heads\": 8, \"num_key_value_heads\": 2, \"head_dim\": 32,"
                + " \"intermediate_size\": 512, \"moe_intermediate_size\": 128, \"num_experts\": 8,"
                + " \"num_experts_per_tok\": 2, \"norm_topk_prob\": true, \"rms_norm_eps\": 1e-06,"
                + " \"rope_theta\": 1000000.0, \"vocab_size\": " + c.vocabSize() + ", \"max_position_embeddings\": 2048,"
                + " \"tie_word_embeddings\": false}");
        Map<String, float[][]> tensors = new LinkedHashMap<>(); // HF name → rows
        List<long[]> shapes = new ArrayList<>();
        for (ModelTensor t : source.tensors()) {
            Tensor tensor = source.tensor(t.name());
            long[] s = t.info().shape();
            String n = t.name();
            if (n.endsWith("_exps.weight")) {
                String kind = n.contains("gate") ? "gate_proj" : n.contains("up") ? "up_proj" : "down_proj";
                String layer = n.split("\\.")[1];
                for (int e = 0; e < s[2]; e++) {
                    float[][] rows = new float[(int) s[1]][];
                    for (int r = 0; r < s[1]; r++) {
                        rows[r] = tensor.dequantizeRow(e * s[1] + r);
                    }
                    tensors.put("model.layers." + layer + ".mlp.experts." + e + "." + kind + ".weight", rows);
                    shapes.add(new long[] {s[1], s[0]});
                }
                continue;
            }
            float[][] rows = new float[(int) tensor.rows()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = tensor.dequantizeRow(r);
            }
            tensors.put(hfName(n), rows);
            shapes.add(s.length == 1 ? new long[] {s[0]} : new long[] {s[1], s[0]});
        }
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        int i = 0;
        for (Map.Entry<String, float[][]> e : tensors.entrySet()) {
            long[] shape = shapes.get(i++);
            long bytes = 4L * e.getValue().length * e.getValue()[0].length;
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey())
                    .append("\":{\"dtype\":\"F32\",\"shape\":").append(java.util.Arrays.toString(shape))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(folder.resolve("model.safetensors"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            out.write(len.flip());
            out.write(ByteBuffer.wrap(h));
            for (float[][] rows : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(4 * rows.length * rows[0].length).order(ByteOrder.LITTLE_ENDIAN);
                for (float[] row : rows) {
                    for (float v : row) {
                        buf.putFloat(v);
                    }
                }
                out.write(buf.flip());
            }
        }
    }

    private static String hfName(String gguf) {
        switch (gguf) {
            case "token_embd.weight":
                return "model.embed_tokens.weight";
            case "output.weight":
                return "lm_head.weight";
            case "output_norm.weight":
                return "model.norm.weight";
            default:
                break;
        }
        String[] p = gguf.split("\\.");
        String what = switch (p[2]) {
            case "attn_norm" -> "input_layernorm";
            case "attn_q" -> "self_attn.q_proj";
            case "attn_k" -> "self_attn.k_proj";
            case "attn_v" -> "self_attn.v_proj";
            case "attn_output" -> "self_attn.o_proj";
            case "attn_q_norm" -> "self_attn.q_norm";
            case "attn_k_norm" -> "self_attn.k_norm";
            case "ffn_norm" -> "post_attention_layernorm";
            case "ffn_gate_inp" -> "mlp.gate";
            default -> throw new IllegalArgumentException(gguf);
        };
        return "model.layers." + p[1] + "." + what + ".weight";
    }
}
