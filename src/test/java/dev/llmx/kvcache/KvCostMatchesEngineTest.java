package dev.llmx.kvcache;

import dev.llmx.engine.Model;
import dev.llmx.engine.Transformer;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import dev.llmx.testing.Refs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kv-cost and the engine read one model description: for every model in refs, kv-cost's per-layer window and KV
 * shape equal what the engine attends over and allocates. (Before, kv-cost windowed every layer of a phi3 file with
 * {@code sliding_window} while the engine, like llama.cpp, runs it with full attention.)
 */
class KvCostMatchesEngineTest {
    @ParameterizedTest
    @ValueSource(strings = {"stories260K.gguf", "llama-2-tiny-random.gguf", "ref-llama-Q8_0.gguf",
            "ref-llama-Q4_K_M.gguf", "ref-qwen2-Q8_0.gguf", "ref-qwen3-Q6_K.gguf", "ref-gemma3-Q8_0.gguf",
            "ref-phi3-Q4_0.gguf", "ref-qwen3moe-Q8_0.gguf", "ref-gptoss-MXFP4.gguf", "stories260K-hf"})
    void windowsAndKvShapeAreTheEngines(String file) {
        try (ModelSource source = ModelFiles.open(Refs.require("models/" + file));
             WorkerPool pool = new WorkerPool(1)) {
            KvModel kv = ModelFileShape.of(source);
            Model model = Model.load(source, Kernels.best());
            KvCache cache = new Transformer(model, pool).newCache(64, KvCacheTypes.DEFAULT);
            assertEquals(model.layerCount(), kv.layers());
            for (int l = 0; l < model.layerCount(); l++) {
                int window = model.window(l);
                assertEquals(window > 0, kv.windows().isSliding(l), file + " layer " + l + " slides");
                assertEquals(window > 0 ? window : 1000, kv.windows().tokensHeld(l, 1000), file + " layer " + l);
            }
            // What the engine's cache holds per token and layer (the fields are this package's).
            assertEquals(cache.layers, kv.layers());
            assertEquals((long) cache.kvHeads * cache.keyDim, kv.kValuesPerToken(), file + " K per token");
            assertEquals((long) cache.kvHeads * cache.valueDim, kv.vValuesPerToken(), file + " V per token");
            assertEquals(model.description().hasExperts(), kv.moe().isPresent(), file + " experts");
        }
    }
}
