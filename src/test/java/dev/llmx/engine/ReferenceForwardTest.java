package dev.llmx.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.Refs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The forward pass against llama.cpp's (../shared/refs/forward/): at every prompt position the logits agree within
 * a tolerance relative to their spread, max|Δ| / std(reference logits), with the same argmax; greedy decoding with
 * the KV cache reproduces llama.cpp's continuation.
 *
 * <p>Tolerances. These references were made with llama.cpp's defaults, flash attention included, and its CPU flash
 * attention rounds queries, keys and values to F16 and sums the weighted values in F16. llmx's attention is the
 * plain float one (it equals llama.cpp without flash attention to 1e-6 of the spread: LlamaCppArithmeticTest), so
 * what is left here is that rounding, amplified by the 8-bit activation rounding of every later matrix product on
 * these random-weight models: llama.cpp's own run of the same files without flash attention differs from these
 * references by 0.061–0.093 std (ref-llama-Q8_0 0.093, ref-qwen3moe-Q8_0 0.075, ref-gptoss-MXFP4 0.090, F32 cache,
 * 2 threads). The bounds: 0.01 for F32/F16 weights (measured ≤ 0.003), 0.10 for Q8_0 (measured 0.009–0.077), 0.20
 * for 4- and 6-bit types (measured 0.08–0.14), 0.15 for gpt-oss (0.085).
 *
 * <p>Argmax. Where llama.cpp's top two logits are within 0.05 std, flash attention's rounding decides: at position 6
 * of ref-gptoss-MXFP4 (margin 0.011 std) llama.cpp without flash attention chooses what llmx chooses, not what the
 * reference holds. So for the quantized models a different argmax (or greedy token) is accepted only at such
 * near-ties; every position with a larger margin must agree.
 */
class ReferenceForwardTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "stories260K.once, 0.01, 0",
        "stories260K.park, 0.01, 0",
        "llama-2-tiny-random.fox, 0.01, 0",
        "llama-2-tiny-random.hello, 0.01, 0",
        "ref-llama-Q8_0.cat, 0.10, 0.05",
        "ref-qwen2-Q8_0.cat, 0.10, 0.05",
        "ref-gemma3-Q8_0.cat, 0.10, 0.05",
        "ref-llama-Q4_K_M.cat, 0.20, 0.05",
        "ref-qwen3-Q6_K.cat, 0.20, 0.05",
        "ref-phi3-Q4_0.cat, 0.20, 0.05",
        "ref-qwen3moe-Q8_0.cat, 0.10, 0.05",
        "ref-gptoss-MXFP4.cat, 0.15, 0.05"})
    void logitsAndGreedyTokensMatchLlamaCpp(String name, double tolerance, double tie) throws IOException {
        Reference ref = Reference.load(name);
        try (ModelSource source = ModelFiles.open(Refs.require("models/" + ref.model() + ".gguf"));
             Session session = Session.open(Model.load(source, Kernels.best()), 0, 2)) {
            assertEquals(ref.vocab(), session.model().vocabSize());
            double[] worst = new double[1];
            float[] last = new float[ref.vocab()];
            session.prefillAll(ref.promptTokens(), null, (position, logits) -> {
                float[] want = ref.logitsAt(position);
                worst[0] = Math.max(worst[0], maxAbsDiff(logits, want) / std(want));
                assertSameChoice(want, logits, tie, name + ": argmax at position " + position);
                System.arraycopy(logits, 0, last, 0, last.length);
            });
            System.out.printf("%s: max|diff|/std = %.4f over %d positions (tolerance %.2f)%n", name, worst[0],
                    ref.promptTokens().length, tolerance);
            assertTrue(worst[0] < tolerance, name + ": max|diff|/std " + worst[0] + " ≥ " + tolerance);
            assertGreedyContinuation(session, last, greedyLlamaCppReproduces(name, ref.greedyTokens()), name, tie);
        }
    }

    /**
     * The same argmax as llama.cpp, or, where {@code tie} > 0, a token whose reference logit is within
     * {@code tie} std of the reference's best: a near-tie that llama.cpp's flash-attention rounding decides.
     */
    static void assertSameChoice(float[] want, float[] got, double tie, String what) {
        int expected = argmax(want);
        int actual = argmax(got);
        if (expected != actual) {
            double margin = (want[expected] - want[actual]) / std(want);
            assertTrue(margin < tie, what + ": expected " + expected + " but was " + actual + " (reference margin "
                    + margin + " std)");
        }
    }

    static void assertGreedyContinuation(Session session, float[] logits, int[] expected, String name) {
        assertGreedyContinuation(session, logits, expected, name, 0);
    }

    /** Greedy decoding from {@code logits} (after the prompt) gives {@code expected}; a divergence names the margin. */
    /**
     * Greedy decoding reproduces {@code expected}; with {@code tie} > 0 it may leave llama.cpp's path only where our
     * own top two logits are within {@code tie} std of each other (after that the texts legitimately differ).
     */
    static void assertGreedyContinuation(Session session, float[] logits, int[] expected, String name, double tie) {
        float[] current = logits;
        for (int i = 0; i < expected.length; i++) {
            int got = argmax(current);
            if (got != expected[i] && tie > 0 && (current[got] - current[expected[i]]) / std(current) < tie) {
                System.out.printf("%s: greedy token %d is a near-tie (%d vs llama.cpp's %d); compared %d tokens%n",
                        name, i, got, expected[i], i);
                return;
            }
            if (got != expected[i]) {
                fail(name + ": greedy token " + i + " is " + got + " (logit " + current[got] + "), llama.cpp chose "
                        + expected[i] + " (logit here " + current[expected[i]] + ")");
            }
            if (i + 1 < expected.length) {
                current = session.decode(got, null);
            }
        }
    }

    /**
     * The reference's greedy tokens as far as llama.cpp's own run without flash attention reproduces them (its tokens
     * in LlamaCppArithmeticTest's {@code greedy.json}): past that step the flash-attention rounding decided, with
     * margins up to 0.56 std (ref-qwen3moe from step 7, ref-gptoss from step 11, ref-phi3 from step 1), and llmx is
     * held to llama.cpp's non-flash tokens instead (LlamaCppArithmeticTest.greedyDecodingEqualsLlamaCpp).
     */
    static int[] greedyLlamaCppReproduces(String name, int[] reference) throws IOException {
        JsonNode noFlash = LlamaCppArithmeticTest.fixture("greedy").get(name);
        if (noFlash == null) {
            return reference;
        }
        JsonNode tokens = noFlash.get("greedy_tokens");
        int k = 0;
        while (k < reference.length && k < tokens.size() && tokens.get(k).asInt() == reference[k]) {
            k++;
        }
        return Arrays.copyOf(reference, k);
    }

    /** One {@code <model>.<case>} of refs/forward. */
    record Reference(String model, int[] promptTokens, int[] greedyTokens, int vocab, float[] logits) {
        static Reference load(String name) throws IOException {
            JsonNode json = new ObjectMapper().readTree(Files.readString(Refs.require("forward/" + name + ".json")));
            return new Reference(name.substring(0, name.lastIndexOf('.')), ints(json.get("prompt_tokens")),
                    ints(json.get("greedy_tokens")), json.get("n_vocab").asInt(),
                    floats(Refs.require("forward/" + name + ".logits.f32")));
        }

        float[] logitsAt(int position) {
            return Arrays.copyOfRange(logits, position * vocab, (position + 1) * vocab);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double std(float[] a) {
        double mean = 0;
        for (float v : a) {
            mean += v;
        }
        mean /= a.length;
        double var = 0;
        for (float v : a) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / a.length);
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static float[] floats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
