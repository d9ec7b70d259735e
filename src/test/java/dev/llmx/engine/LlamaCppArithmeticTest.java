package dev.llmx.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llmx computes llama.cpp's numbers, not merely close ones. The fixtures in {@code llamacpp-no-fa/} hold, per prompt
 * position, the top 8 and 32 evenly spaced logits that llama.cpp (build 3f545bec, Aug 2026) gave for each forward
 * reference of ../shared/refs with flash attention off and an F32 KV cache (its most exact configuration; how they
 * were made: the README beside them). With llmx's F32 cache the two then differ only in the order of float
 * additions: the activations of every quantized matrix product are rounded as ggml rounds them
 * ({@link dev.llmx.tensor.kernel.ActivationRounding}), and without that rounding the same comparison gives
 * 0.06–0.11 std on the quantized models instead of ≤ 2e-6.
 *
 * <p>{@code mixtral-tiny-Q8_0} is a Mixtral-style file (a {@code llama} model with experts) made for this test and kept
 * beside the fixtures: the only mixture-of-experts layout of llmx that ../shared/refs has no file for.
 *
 * <p>Two models keep a residual, bounded here at what was measured: gemma3 (0.0087 std: ggml's GELU reads a table
 * of F16 values, llmx computes the tanh form) and qwen3moe (0.048 std: llama.cpp's expert products differ somewhere
 * the per-tensor comparison did not pin down). The argmax agrees at every position of every model, gpt-oss's
 * near-ties included — the ties that differ from ../shared/refs/forward are decided by llama.cpp's flash attention,
 * whose own no-flash-attention run changes its argmax there too (see ReferenceForwardTest).
 */
class LlamaCppArithmeticTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "stories260K.park, 1e-4",
        "llama-2-tiny-random.fox, 1e-4",
        "ref-llama-Q8_0.cat, 1e-4",
        "ref-qwen2-Q8_0.cat, 1e-4",
        "ref-llama-Q4_K_M.cat, 1e-4",
        "ref-qwen3-Q6_K.cat, 1e-4",
        "ref-phi3-Q4_0.cat, 1e-4",
        "ref-gptoss-MXFP4.cat, 1e-4",
        "mixtral-tiny-Q8_0.lily, 1e-4",
        "ref-gemma3-Q8_0.cat, 0.015",
        "ref-qwen3moe-Q8_0.cat, 0.06"})
    void logitsEqualLlamaCppWithoutFlashAttention(String name, double tolerance) throws IOException {
        compare(name, tolerance, vectorKernels(), false);
    }

    /**
     * Token by token (matrix × vector kernels, as in decoding) against llama.cpp decoding the prompt one token at a
     * time (fixtures {@code *.token-by-token.json}). That is not the same as its batch: on ref-llama-Q4_K_M
     * llama.cpp's own token-by-token logits leave its batch ones at positions 9 and 10 by 0.05 std (its batch path
     * repacks Q4_K and quantizes the activations of four rows together), and llmx's decoding agrees with llama.cpp's.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ref-llama-Q8_0.cat, 1e-4",
        "ref-llama-Q4_K_M.cat, 1e-4",
        "ref-qwen3-Q6_K.cat, 1e-4",
        "ref-phi3-Q4_0.cat, 1e-4",
        "ref-gptoss-MXFP4.cat, 1e-4",
        "mixtral-tiny-Q8_0.lily, 1e-4"})
    void tokenByTokenToo(String name, double tolerance) throws IOException {
        compare(name + ".token-by-token", tolerance, vectorKernels(), true);
    }

    /**
     * The scalar kernels (the fallback without the Vector API) compute the same numbers on the legacy and MXFP4 types;
     * their k-quant path (decode a row, then a float dot product) is ~1e-7 further from llama.cpp's integer block
     * sums, which flips 8-bit activation codes on these random-weight models: 0.028 (Q4_K_M) and 0.039 (Q6_K) std.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ref-llama-Q8_0.cat, 1e-4",
        "ref-phi3-Q4_0.cat, 1e-4",
        "ref-gptoss-MXFP4.cat, 1e-4",
        "ref-llama-Q4_K_M.cat, 0.05",
        "ref-qwen3-Q6_K.cat, 0.05"})
    void theScalarKernelsToo(String name, double tolerance) throws IOException {
        compare(name, tolerance, Kernels.scalar(), false);
    }

    /**
     * Greedy decoding from the prompt, with the KV cache, reproduces llama.cpp's greedy tokens without flash attention
     * ({@code greedy.json}, made as the other fixtures, token by token). They are not those of
     * ../shared/refs/forward, which llama.cpp made with flash attention: its own non-flash run leaves them at
     * ref-qwen3moe's step 7, ref-gptoss's step 11 and ref-phi3's step 1. With other vector widths than the 512-bit
     * kernels the comparison stops at a near-tie (our top two within 0.05 std), as in ReferenceForwardTest.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ref-llama-Q8_0.cat", "ref-llama-Q4_K_M.cat", "ref-qwen3-Q6_K.cat", "ref-phi3-Q4_0.cat",
        "ref-gptoss-MXFP4.cat", "ref-qwen3moe-Q8_0.cat", "ref-qwen2-Q8_0.cat", "ref-gemma3-Q8_0.cat"})
    void greedyDecodingEqualsLlamaCpp(String name) throws IOException {
        JsonNode fixture = fixture("greedy").get(name);
        Kernels kernels = vectorKernels();
        try (ModelSource source = ModelFiles.open(modelFile(fixture.get("model").asText()));
             Session session = Session.open(Model.load(source, kernels), 0, 2, KvCacheTypes.F32)) {
            int[] prompt = ints(fixture.get("prompt_tokens"));
            float[] last = null;
            for (int token : prompt) {
                last = session.decode(token, null).clone();
            }
            ReferenceForwardTest.assertGreedyContinuation(session, last, ints(fixture.get("greedy_tokens")), name,
                    measuredWidth(kernels) ? 0 : 0.05);
        }
    }

    /** The Vector API kernels (the scalar ones have their own test); skipped where the JVM has none. */
    private static Kernels vectorKernels() {
        Optional<Kernels> vector = Kernels.vector();
        Assumptions.assumeTrue(vector.isPresent(), "no Vector API kernels on this JVM (theScalarKernelsToo runs)");
        return vector.get();
    }

    /**
     * Whether the strict bounds apply: they were measured with the scalar kernels (the same arithmetic on every
     * machine) and the 512-bit vector kernels; other lane counts sum floats in another order.
     */
    private static boolean measuredWidth(Kernels kernels) {
        return !kernels.description().startsWith("Vector API") || kernels.description().contains("512-bit");
    }

    private static void compare(String name, double tolerance, Kernels kernels, boolean tokenByToken)
            throws IOException {
        JsonNode fixture = fixture(name);
        String model = fixture.get("model").asText();
        int[] prompt = ints(fixture.get("prompt_tokens"));
        int[] sampled = ints(fixture.get("sampled_ids"));
        JsonNode positions = fixture.get("positions");
        try (ModelSource source = ModelFiles.open(modelFile(model));
             Session session = Session.open(Model.load(source, kernels), 0, 2, KvCacheTypes.F32)) {
            assertEquals(fixture.get("n_vocab").asInt(), session.model().vocabSize());
            // The bounds were measured with the 512-bit kernels (AVX-512). With another lane count the float sums run
            // in another order, and on these random-weight models that flips an occasional 8-bit activation code
            // (measured with 256-bit vectors: up to 0.04 std); there the bound is 0.05 and a different argmax is
            // accepted where llama.cpp's own top two are within 0.05 std.
            boolean measuredWidth = measuredWidth(kernels);
            double bound = measuredWidth ? tolerance : Math.max(tolerance, 0.05);
            double[] worst = new double[1];
            Session.LogitsSink check = (position, logits) -> {
                JsonNode want = positions.get(position);
                double std = want.get("std").asDouble();
                int[] top = ints(want.get("top_ids"));
                int got = ReferenceForwardTest.argmax(logits);
                double[] topLogits = doubles(want.get("top_logits"));
                boolean nearTie = !measuredWidth && indexOf(top, got) > 0
                        && (topLogits[0] - topLogits[indexOf(top, got)]) / std < 0.05;
                if (!nearTie) {
                    assertEquals(top[0], got, name + ": argmax at position " + position);
                }
                worst[0] = Math.max(worst[0], deviation(logits, top, want.get("top_logits"), std));
                worst[0] = Math.max(worst[0], deviation(logits, sampled, want.get("sampled_logits"), std));
            };
            if (tokenByToken) {
                for (int p = 0; p < prompt.length; p++) {
                    check.accept(p, session.decode(prompt[p], null));
                }
            } else {
                session.prefillAll(prompt, null, check);
            }
            System.out.printf("%s (%s%s): max|diff|/std = %.2e against llama.cpp without flash attention (bound %.0e)%n",
                    name, kernels.description(), tokenByToken ? ", token by token" : "", worst[0], bound);
            assertTrue(worst[0] < bound, name + ": max|diff|/std " + worst[0] + " ≥ " + bound);
        }
    }

    /**
     * A model of ../shared/refs, or one made for these fixtures and kept beside them: {@code mixtral-tiny-Q8_0}, a
     * Mixtral-style file (architecture {@code llama} with 4 experts, 2 used; its README says how it was made), so that
     * llama.cpp's own reading of that layout is what the test holds llmx to.
     */
    private static Path modelFile(String model) {
        URL bundled = LlamaCppArithmeticTest.class.getResource("llamacpp-no-fa/" + model + ".gguf");
        if (bundled != null) {
            try {
                return Path.of(bundled.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return Refs.require("models/" + model + ".gguf");
    }

    private static double deviation(float[] logits, int[] ids, JsonNode want, double std) {
        double worst = 0;
        for (int i = 0; i < ids.length; i++) {
            worst = Math.max(worst, Math.abs(logits[ids[i]] - want.get(i).asDouble()) / std);
        }
        return worst;
    }

    /** A fixture of {@code llamacpp-no-fa/} by name (without {@code .json}). */
    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = LlamaCppArithmeticTest.class.getResourceAsStream("llamacpp-no-fa/" + name + ".json")) {
            assertNotNull(in, "fixture " + name);
            return new ObjectMapper().readTree(in);
        }
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
