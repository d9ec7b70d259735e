package dev.llmx.engine;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.sampling.Sampler;
import dev.llmx.sampling.SamplerSettings;
import dev.llmx.tensor.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generation loop on the embedded model: stop reasons, streaming order, probes. */
class GeneratorTest {
    static final int[] ONCE = {1, 403, 407, 261, 378};
    static final int PERIOD = 426;

    static Generator.Result generate(int maxTokens, java.util.function.IntPredicate eog,
                                     java.util.function.BooleanSupplier interrupted, List<Integer> streamed) {
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session s = Session.open(Model.load(source, Kernels.best()), 0, 1)) {
            return Generator.generate(s, new Sampler(SamplerSettings.greedy()), eog, ONCE, maxTokens, interrupted,
                    streamed::add);
        }
    }

    @Test
    void anEndOfGenerationTokenStopsAndIsNotPartOfTheOutput() {
        List<Integer> streamed = new ArrayList<>();
        Generator.Result r = generate(64, id -> id == PERIOD, () -> false, streamed);
        assertEquals(Generator.StopReason.EOG, r.stopReason());
        // ", there was a little girl named Lily" then "." ends it.
        assertArrayEquals(new int[] {432, 383, 286, 261, 376, 298, 315, 421, 395, 317}, r.tokens());
        assertEquals(List.of(432, 383, 286, 261, 376, 298, 315, 421, 395, 317), streamed);
        assertEquals(10, r.timings().decodeTokens());
    }

    @Test
    void suppressedTokensAreNeverSampledSoIgnoringEosRunsToTheLimit() {
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session s = Session.open(Model.load(source, Kernels.best()), 0, 1)) {
            Generator.Result r = Generator.generate(s, new Sampler(SamplerSettings.greedy()),
                    new Generator.Stopping(id -> false, new int[] {PERIOD}, null), ONCE, 30, () -> false, id -> { });
            assertEquals(Generator.StopReason.LENGTH, r.stopReason());
            assertEquals(30, r.tokens().length);
            assertEquals(-1, r.stopToken());
            for (int id : r.tokens()) {
                assertTrue(id != PERIOD, "the suppressed token was sampled");
            }
        }
    }

    @Test
    void anEndOfGenerationTokenIsReported() {
        Generator.Result r = generate(64, id -> id == PERIOD, () -> false, new ArrayList<>());
        assertEquals(PERIOD, r.stopToken());
    }

    @Test
    void anInterruptionStopsBetweenTokens() {
        List<Integer> streamed = new ArrayList<>();
        Generator.Result r = generate(64, id -> false, () -> streamed.size() >= 3, streamed);
        assertEquals(Generator.StopReason.INTERRUPTED, r.stopReason());
        assertEquals(3, r.tokens().length);
    }

    @Test
    void probesSeeEveryNamedTensorWithItsShape() {
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session s = Session.open(Model.load(source, Kernels.best()), 0, 1)) {
            List<String> seen = new ArrayList<>();
            List<ProbeTensor> scores = new ArrayList<>();
            Probe probe = new Probe() {
                @Override
                public boolean wants(String name) {
                    return name.startsWith("blk.1.") || !name.startsWith("blk.");
                }

                @Override
                public void observe(ProbeTensor t) {
                    seen.add(t.name());
                    if (t.stage() == Stage.ATTN_WEIGHTS) {
                        float[] copy = java.util.Arrays.copyOf(t.values(), t.positions() * t.rowLength());
                        scores.add(new ProbeTensor(t.name(), t.stage(), t.layer(), t.firstPosition(), t.positions(),
                                t.rowShape(), copy));
                    }
                }
            };
            s.prefill(ONCE, probe);
            assertEquals(List.of("token_embd", "blk.1.attn_norm", "blk.1.q", "blk.1.k", "blk.1.v",
                    "blk.1.attn_scores", "blk.1.attn_weights", "blk.1.kqv_out", "blk.1.attn_out", "blk.1.resid_mid",
                    "blk.1.ffn_norm",
                    "blk.1.ffn_gate", "blk.1.ffn_up", "blk.1.ffn_act", "blk.1.ffn_out", "blk.1.resid_out",
                    "output_norm", "logits"), seen);
            ProbeTensor w = scores.get(0);
            assertArrayEquals(new int[] {8, 5}, w.rowShape());
            // Causal: position t attends to keys 0..t only, and each head's weights sum to 1.
            for (int t = 0; t < 5; t++) {
                for (int h = 0; h < 8; h++) {
                    double sum = 0;
                    for (int k = 0; k < 5; k++) {
                        float v = w.values()[(t * 8 + h) * 5 + k];
                        if (k > t) {
                            assertEquals(0f, v);
                        }
                        sum += v;
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
            }
        }
    }
}
