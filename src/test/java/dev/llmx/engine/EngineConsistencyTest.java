package dev.llmx.engine;

import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine agrees with itself: a prompt run as one batch (matrix × matrix, all positions at once) and the same
 * prompt run token by token (matrix × vector with the KV cache) give the same logits; the scalar and the Vector
 * API kernels give the same logits; a GGUF file and its Hugging Face folder (rotate-half q/k layout) give the same.
 */
class EngineConsistencyTest {
    static final int[] PROMPT = {1, 317, 269, 368, 302, 263, 377, 267, 265, 282, 295, 433, 426, 342, 394, 261, 370};

    static List<float[]> batchLogits(ModelSource source, Kernels kernels, int threads) {
        return batchLogits(source, kernels, threads, KvCacheTypes.DEFAULT);
    }

    static List<float[]> batchLogits(ModelSource source, Kernels kernels, int threads, KvCacheTypes cache) {
        List<float[]> out = new ArrayList<>();
        try (Session s = Session.open(Model.load(source, kernels), 0, threads, cache)) {
            s.prefillAll(PROMPT, null, (p, logits) -> out.add(logits.clone()));
        }
        return out;
    }

    /**
     * On an F32 cache: matrix × matrix and matrix × vector round differently in the last bit, and an F16 cache can
     * turn that into one F16 step (2⁻¹¹ relative) of a cached key, which is the cache type's error, not the engine's
     * (KvCacheTypesForwardTest bounds that one).
     */
    @Test
    void batchAndTokenByTokenAgree() {
        try (ModelSource source = ModelFiles.open(Refs.require("models/stories260K.gguf"))) {
            List<float[]> batch = batchLogits(source, Kernels.best(), 2, KvCacheTypes.F32);
            try (Session s = Session.open(Model.load(source, Kernels.best()), 0, 1, KvCacheTypes.F32)) {
                for (int i = 0; i < PROMPT.length; i++) {
                    assertClose(batch.get(i), s.decode(PROMPT[i], null), 1e-4, "position " + i);
                }
            }
        }
    }

    /**
     * Both kernel sets through the whole engine, on F32 weights. On quantized weights the engine rounds every
     * product's activations to 8 bits as llama.cpp does, and on the random-weight references that amplifies a
     * last-bit difference between two correct kernels into a few hundredths of a std; there each kernel set is
     * compared with llama.cpp itself instead (LlamaCppArithmeticTest) and kernel by kernel in KernelsTest.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stories260K"})
    void scalarAndVectorKernelsAgree(String model) {
        try (ModelSource source = ModelFiles.open(Refs.require("models/" + model + ".gguf"))) {
            // F32 cache: an F16 one turns last-bit differences into whole F16 steps of a cached key (see above).
            List<float[]> vector = batchLogits(source, Kernels.best(), 2, KvCacheTypes.F32);
            List<float[]> scalar = batchLogits(source, Kernels.scalar(), 1, KvCacheTypes.F32);
            for (int i = 0; i < PROMPT.length; i++) {
                assertClose(vector.get(i), scalar.get(i), 1e-3, "position " + i);
            }
        }
    }

    @Test
    void huggingFaceFolderGivesTheSameLogitsAsTheGguf() {
        try (ModelSource gguf = ModelFiles.open(Refs.require("models/stories260K.gguf"));
             ModelSource hf = ModelFiles.open(Refs.require("models/stories260K-hf"))) {
            List<float[]> a = batchLogits(gguf, Kernels.best(), 1);
            List<float[]> b = batchLogits(hf, Kernels.best(), 1);
            for (int i = 0; i < PROMPT.length; i++) {
                assertClose(a.get(i), b.get(i), 1e-4, "position " + i);
            }
        }
    }

    /** Every value within {@code relative} of the logits' largest magnitude. */
    static void assertClose(float[] want, float[] got, double relative, String what) {
        assertEquals(want.length, got.length);
        float scale = 0;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], relative * scale, what + ", logit " + i);
        }
    }
}
