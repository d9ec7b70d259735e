package dev.llmx.kvcache;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterCountTest {
    private static ParameterCount count(String preset) {
        return ParameterCount.of(Presets.find(preset).orElseThrow()).orElseThrow();
    }

    /** Totals the checkpoints themselves report (safetensors metadata / model cards; see docs/kv-cost.md). */
    @ParameterizedTest
    @CsvSource({
        "llama-2-7b, 6738415616",
        "llama-2-13b, 13015864320",
        "llama-2-70b, 68976648192",
        "llama-3-8b, 8030261248",
        "llama-3-70b, 70553706496",
        "llama-3.2-1b, 1235814400",
        "llama-3.2-3b, 3212749824",
        "mistral-7b-v0.1, 7241732096",
        "mixtral-8x7b, 46702792704",
        "smollm2-135m, 134515008",
        "smollm2-360m, 361821120",
    })
    void totalsMatchThePublishedCounts(String preset, long expected) {
        assertEquals(expected, count(preset).total());
    }

    @Test
    void untiedModelsDoNotReadTheInputTableAsWeights() {
        ParameterCount p = count("llama-2-7b");
        assertEquals(32_000L * 4096, p.embedding());
        assertEquals(p.total() - p.embedding(), p.active());
        ParameterCount tied = count("llama-3.2-1b");
        assertEquals(tied.total(), tied.active(), "a tied table is read as the output projection");
    }

    @Test
    void mixtureOfExpertsActiveParameters() {
        ParameterCount mixtral = count("mixtral-8x7b");
        long expert = 3L * 4096 * 14336;
        assertEquals(mixtral.total() - mixtral.embedding() - 6L * 32 * expert, mixtral.active());
        // Model cards: gpt-oss-20b 21B total / 3.6B active, gpt-oss-120b 117B / 5.1B,
        // DeepSeek-V3 671B / 37B, Qwen3-30B-A3B 30.5B / 3.3B (the last counts the input table).
        assertNear(20.9e9, count("gpt-oss-20b").total(), 0.05e9);
        assertNear(3.6e9, count("gpt-oss-20b").active(), 0.05e9);
        assertNear(116.8e9, count("gpt-oss-120b").total(), 0.1e9);
        assertNear(5.1e9, count("gpt-oss-120b").active(), 0.05e9);
        assertNear(671e9, count("deepseek-v3").total(), 0.5e9);
        assertNear(37e9, count("deepseek-v3").active(), 0.5e9);
        ParameterCount qwen = count("qwen3-30b-a3b");
        assertNear(30.5e9, qwen.total(), 0.1e9);
        assertNear(3.3e9, qwen.active() + qwen.embedding(), 0.1e9);
    }

    @Test
    void qwen2BiasesAndGemmaNormsAreCounted() {
        // Qwen2.5-0.5B: 494,032,768 parameters, q/k/v biases included.
        assertEquals(494_032_768L, count("qwen2.5-0.5b").total());
        // Gemma-3-1B: four norms per layer plus q/k norms: 999,885,952.
        assertEquals(999_885_952L, count("gemma-3-1b").total());
    }

    @Test
    void unknownSizesGiveNoCountUnlessOneIsGiven() {
        KvModel bare = KvModel.builder("x", "x").shape(2, 0, 0, 1).headDim(64).build();
        assertTrue(ParameterCount.of(bare).isEmpty());
        KvModel given = KvModel.builder("x", "x").shape(2, 0, 0, 1).headDim(64).knownParams(7_000_000_000L).build();
        assertEquals(7_000_000_000L, ParameterCount.of(given).orElseThrow().total());
    }

    private static void assertNear(double expected, long actual, double tolerance) {
        assertTrue(Math.abs(expected - actual) <= tolerance, "expected about " + expected + ", got " + actual);
    }
}
