package dev.llmx.quant.recipe;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.LlamaFileType;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypePlannerTest {
    /**
     * The reference models were quantized by llama.cpp's llama-quantize: planning their tensors (as if F32) with the
     * file's own type must give every tensor the type llama-quantize gave it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ref-llama-Q4_K_M.gguf", "ref-llama-Q8_0.gguf", "ref-qwen2-Q8_0.gguf", "ref-qwen3-Q6_K.gguf",
        "ref-gemma3-Q8_0.gguf", "ref-phi3-Q4_0.gguf", "ref-qwen3moe-Q8_0.gguf", "ref-gptoss-MXFP4.gguf"})
    void reproducesLlamaQuantizeOnItsOwnFiles(String file) {
        Path path = Refs.require("models/" + file);
        try (ModelSource model = ModelFiles.open(path)) {
            GgufFile gguf = model.ggufFile().orElseThrow();
            QuantType type = QuantType.parse(LlamaFileType.byId(gguf.metadata().getLong("general.file_type")
                    .orElseThrow()).label());
            List<TensorInfo> infos = new ArrayList<>(gguf.tensors());
            infos.sort((a, b) -> TensorOrder.LLAMA.compare(a.name(), b.name()));
            List<TypePlanner.Input> inputs = new ArrayList<>();
            for (TensorInfo t : infos) {
                inputs.add(new TypePlanner.Input(t.name(), t.shape(), GgmlType.F32));
            }
            ModelConfig c = model.config();
            List<TensorPlan> plan = new TypePlanner(new ModelShape(c.architecture(), c.layers(), c.heads(), c.kvHeads(),
                    c.experts().count()), type, false).plan(inputs);
            for (int i = 0; i < infos.size(); i++) {
                assertEquals(infos.get(i).type(), plan.get(i).target(), file + ": " + infos.get(i).name() + " ("
                        + plan.get(i).rule() + ")");
            }
        }
    }

    @Test
    void theFileIsInLlamaLoaderOrder() {
        Path path = Refs.require("models/ref-llama-Q4_K_M.gguf");
        try (GgufFile gguf = GgufFile.open(path)) {
            List<String> names = gguf.tensors().stream().map(TensorInfo::name).toList();
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(TensorOrder.LLAMA);
            assertEquals(sorted, names, "llama-quantize writes tensors in the loader's order");
        }
    }

    @Test
    void useMoreBitsPicksTheEndsAndEveryThirdLayer() {
        Set<Integer> more = new HashSet<>();
        for (int i = 0; i < 32; i++) {
            if (TypePlanner.useMoreBits(i, 32)) {
                more.add(i);
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31), more);
        assertTrue(TypePlanner.useMoreBits(2, 5) && TypePlanner.useMoreBits(4, 5) && !TypePlanner.useMoreBits(3, 5));
    }

    /** stories260K's rows (64 and 172 values) fit no 256-value block: llama.cpp's fallbacks apply. */
    private static Map<String, GgmlType> storiesPlan(QuantType type) {
        List<TypePlanner.Input> inputs = new ArrayList<>();
        inputs.add(new TypePlanner.Input("output.weight", new long[] {64, 512}, GgmlType.F32));
        inputs.add(new TypePlanner.Input("output_norm.weight", new long[] {64}, GgmlType.F32));
        inputs.add(new TypePlanner.Input("token_embd.weight", new long[] {64, 512}, GgmlType.F32));
        for (int l = 0; l < 5; l++) {
            String b = "blk." + l + ".";
            inputs.add(new TypePlanner.Input(b + "attn_k.weight", new long[] {64, 32}, GgmlType.F32));
            inputs.add(new TypePlanner.Input(b + "attn_norm.weight", new long[] {64}, GgmlType.F32));
            inputs.add(new TypePlanner.Input(b + "attn_q.weight", new long[] {64, 64}, GgmlType.F32));
            inputs.add(new TypePlanner.Input(b + "attn_v.weight", new long[] {64, 32}, GgmlType.F32));
            inputs.add(new TypePlanner.Input(b + "ffn_down.weight", new long[] {172, 64}, GgmlType.F32));
            inputs.add(new TypePlanner.Input(b + "ffn_up.weight", new long[] {64, 172}, GgmlType.F32));
        }
        Map<String, GgmlType> out = new LinkedHashMap<>();
        for (TensorPlan p : new TypePlanner(new ModelShape("llama", 5, 8, 4, 0), type, false).plan(inputs)) {
            out.put(p.name(), p.target());
        }
        return out;
    }

    @Test
    void rowsThatFitNoKQuantBlockFallBackAsLlamaCppDoes() {
        Map<String, GgmlType> q4km = storiesPlan(QuantType.Q4_K_M);
        assertEquals(GgmlType.Q8_0, q4km.get("output.weight"), "output: 64 % 256 ≠ 0 → Q8_0");
        assertEquals(GgmlType.Q5_0, q4km.get("token_embd.weight"), "Q4_K → Q5_0");
        assertEquals(GgmlType.Q5_0, q4km.get("blk.0.attn_q.weight"));
        assertEquals(GgmlType.Q8_0, q4km.get("blk.2.attn_v.weight"), "use_more_bits: Q6_K → Q8_0");
        assertEquals(GgmlType.Q8_0, q4km.get("blk.4.attn_v.weight"));
        assertEquals(GgmlType.Q5_0, q4km.get("blk.3.attn_v.weight"));
        assertEquals(GgmlType.F16, q4km.get("blk.0.ffn_down.weight"), "172 fits no 32-value block either → F16");
        assertEquals(GgmlType.F32, q4km.get("blk.0.attn_norm.weight"));

        Map<String, GgmlType> q3km = storiesPlan(QuantType.Q3_K_M);
        assertEquals(GgmlType.Q5_1, q3km.get("blk.0.attn_v.weight"), "first two attn_v Q5_K → Q5_1");
        assertEquals(GgmlType.Q5_0, q3km.get("blk.2.attn_v.weight"), "then Q4_K → Q5_0");
        assertEquals(GgmlType.Q4_0, q3km.get("blk.0.attn_q.weight"), "Q3_K → Q4_0");

        Map<String, GgmlType> q8 = storiesPlan(QuantType.Q8_0);
        assertEquals(GgmlType.Q8_0, q8.get("output.weight"));
        assertEquals(GgmlType.F16, q8.get("blk.1.ffn_down.weight"), "llmx's F16 where llama.cpp has no fallback");

        Map<String, GgmlType> f16 = storiesPlan(QuantType.F16);
        assertEquals(GgmlType.F16, f16.get("blk.1.ffn_down.weight"));
        assertEquals(GgmlType.F32, f16.get("output_norm.weight"), "1-D tensors stay F32");
    }

    @Test
    void tiedEmbeddingsAreTreatedAsTheOutput() {
        List<TypePlanner.Input> inputs = List.of(new TypePlanner.Input("token_embd.weight", new long[] {256, 1000},
                GgmlType.F16), new TypePlanner.Input("blk.0.attn_q.weight", new long[] {256, 256}, GgmlType.F16));
        List<TensorPlan> plan = new TypePlanner(new ModelShape("llama", 1, 4, 4, 0), QuantType.Q4_0, false).plan(inputs);
        assertEquals(GgmlType.Q6_K, plan.get(0).target());
        assertEquals(GgmlType.Q4_0, plan.get(1).target());
    }

    @Test
    void requantizingNeedsPermission() {
        List<TypePlanner.Input> inputs = List.of(new TypePlanner.Input("blk.0.attn_q.weight", new long[] {256, 256},
                GgmlType.Q8_0));
        ModelShape shape = new ModelShape("llama", 1, 4, 4, 0);
        LlmxException e = assertThrows(LlmxException.class,
                () -> new TypePlanner(shape, QuantType.Q4_0, false).plan(inputs));
        assertTrue(e.getMessage().contains("--allow-requantize"), e.getMessage());
        assertEquals(GgmlType.Q4_0, new TypePlanner(shape, QuantType.Q4_0, true).plan(inputs).get(0).target());
        assertFalse(new TypePlanner(shape, QuantType.Q8_0, false).plan(inputs).get(0).changesType(),
                "a tensor already of the target type is copied, which is no requantization");
    }

    @Test
    void loaderOrderPutsBlocksByNumberNotByName() {
        List<String> names = new ArrayList<>(List.of("blk.10.attn_q.weight", "token_embd.weight", "blk.2.attn_q.weight",
                "output.weight", "blk.2.attn_k.weight"));
        names.sort(TensorOrder.LLAMA);
        assertEquals(List.of("output.weight", "token_embd.weight", "blk.2.attn_k.weight", "blk.2.attn_q.weight",
                "blk.10.attn_q.weight"), names);
    }
}
