package dev.llmx.engine;

import dev.llmx.LlmxException;
import dev.llmx.kvcache.ElementType;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static dev.llmx.engine.ReferenceForwardTest.argmax;
import static dev.llmx.engine.ReferenceForwardTest.maxAbsDiff;
import static dev.llmx.engine.ReferenceForwardTest.std;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every KV cache type against llama.cpp's logits (../shared/refs/forward/, made with llama.cpp's default F16 cache)
 * and against llmx's own F32 cache, at every prompt position, measured as in {@link ReferenceForwardTest}:
 * max|Δ| / std(reference logits).
 *
 * <p>Tolerances, per cache type, added to the model's own bound from {@link ReferenceForwardTest} (which covers the
 * weights' activation rounding); measured on 2026-12-06 against llmx's F32 cache in brackets: f32 and f16 add 0.005
 * (f16 is what llama.cpp itself ran: ≤ 0.0016), bf16 and q8_0 add 0.05 (8 mantissa bits ≤ 0.015; 8-bit blocks
 * ≤ 0.035), q4_0 adds 1.0 (4 bits per cached value on these random-weight models: 0.61; a decoding bug would be
 * several std, so the bound still catches one; the argmax is not required there). The argmax must agree with
 * llama.cpp for every other type. The bounds against the F32 cache are the additions alone, with a floor for
 * models whose weights are quantized: the engine rounds every quantized product's activations to 8 bits as
 * llama.cpp does, and on these random-weight models that turns any change in the last bits (the cache's F16
 * rounding is one) into about 0.1 std (measured f16 vs f32 cache: ref-llama-Q8_0 0.093, bf16 0.114, q8_0
 * 0.093–0.114, ref-qwen3-Q6_K q8_0 0.122; llama.cpp's own F16-flash-attention and F32 runs of ref-llama-Q8_0 differ
 * by 0.093 too). The floor is 0.15: a cache that decodes wrongly still moves the logits by several std.
 */
class KvCacheTypesForwardTest {
    @ParameterizedTest(name = "{0} {2}/{3}")
    @CsvSource({
        "stories260K.once, 0.01, f16, f16, 0",
        "stories260K.once, 0.01, bf16, bf16, 0",
        "ref-llama-Q8_0.cat, 0.10, f32, f32, 0",
        "ref-llama-Q8_0.cat, 0.10, f16, f16, 0.15",
        "ref-llama-Q8_0.cat, 0.10, bf16, bf16, 0.15",
        "ref-llama-Q8_0.cat, 0.10, q8_0, q8_0, 0.15",
        "ref-llama-Q8_0.cat, 0.10, q8_0, f16, 0.15",
        "ref-llama-Q8_0.cat, 0.10, q4_0, q4_0, 0.15",
        "ref-qwen3-Q6_K.cat, 0.20, q8_0, q8_0, 0.15",
        "ref-gemma3-Q8_0.cat, 0.10, q8_0, q8_0, 0.15",
        "ref-gemma3-Q8_0.cat, 0.10, f16, q8_0, 0.15"})
    void everyCacheTypeAgreesWithLlamaCppAndTheF32Cache(String name, double modelTolerance, String k, String v,
                                                         double roundingFloor) throws IOException {
        KvCacheTypes types = KvCacheTypes.parse(k, v);
        double added = Math.max(added(types.keys()), added(types.values()));
        ReferenceForwardTest.Reference ref = ReferenceForwardTest.Reference.load(name);
        try (ModelSource source = ModelFiles.open(Refs.require("models/" + ref.model() + ".gguf"))) {
            Model model = Model.load(source, Kernels.best());
            float[][] exact = logits(model, ref.promptTokens(), KvCacheTypes.F32);
            float[][] got = logits(model, ref.promptTokens(), types);
            double vsLlama = 0;
            double vsF32 = 0;
            for (int p = 0; p < got.length; p++) {
                float[] want = ref.logitsAt(p);
                vsLlama = Math.max(vsLlama, maxAbsDiff(got[p], want) / std(want));
                vsF32 = Math.max(vsF32, maxAbsDiff(got[p], exact[p]) / std(exact[p]));
                if (types.keys() != ElementType.Q4_0 && types.values() != ElementType.Q4_0) {
                    assertEquals(argmax(want), argmax(got[p]), name + " " + types.label() + ": argmax at " + p);
                }
            }
            double vsF32Bound = Math.max(added, roundingFloor);
            System.out.printf("%s cache %s: max|diff|/std vs llama.cpp %.4f (bound %.2f), vs f32 cache %.4f (bound"
                    + " %.2f)%n", name, types.label(), vsLlama, modelTolerance + added, vsF32, vsF32Bound);
            assertTrue(vsLlama < modelTolerance + added, name + " " + types.label() + " vs llama.cpp: " + vsLlama);
            assertTrue(vsF32 <= vsF32Bound + 1e-9 || vsF32 < 0.005, name + " " + types.label() + " vs f32: " + vsF32);
        }
    }

    /** What a cache type may add to the model's tolerance (see the class comment). */
    private static double added(ElementType t) {
        return switch (t) {
            case F32, F16 -> 0.005;
            case BF16, Q8_0 -> 0.05;
            case Q4_0 -> 1.0;
            default -> throw new IllegalArgumentException(t.name());
        };
    }

    private static float[][] logits(Model model, int[] tokens, KvCacheTypes types) {
        float[][] out = new float[tokens.length][];
        try (Session session = Session.open(model, 0, 2, types)) {
            session.prefillAll(tokens, null, (position, logits) -> out[position] = logits.clone());
        }
        return out;
    }

    @Test
    void aBlockTypeOnAHeadItDoesNotDivideIsAOneLineError() throws IOException {
        // stories260K has 8-value heads: a 32-value q8_0 block cannot hold one.
        try (ModelSource source = ModelFiles.open(Refs.require("models/stories260K.gguf"))) {
            Model model = Model.load(source, Kernels.scalar());
            LlmxException e = assertThrows(LlmxException.class,
                    () -> Session.open(model, 64, 1, KvCacheTypes.parse("q8_0", "f16")).close());
            assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
        }
    }
}
