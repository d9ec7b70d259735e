package dev.llmx.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchRowTest {
    private static final ModelSummary MODEL = new ModelSummary("m.gguf", 1000, 500);

    @Test
    void averagesAreLlamaBenchs() {
        // 10 tokens in 1 s and in 2 s: 10 and 5 tokens/s.
        BenchRow row = new BenchRow(MODEL, BenchTest.generation("scalar", 2, 10), new long[] {1_000_000_000L,
            2_000_000_000L});
        assertEquals(1_500_000_000L, row.avgNs());
        assertEquals(7.5, row.avgTokensPerSecond(), 1e-12, "the mean of the rates, not 10 / 1.5 s");
        assertEquals(Math.sqrt(12.5), row.stddevTokensPerSecond(), 1e-12, "the sample standard deviation");
        Map<?, ?> json = (Map<?, ?>) row.toJson();
        assertEquals("tg10", json.get("test"));
        assertEquals(0, json.get("n_prompt"));
        assertEquals(10, json.get("n_gen"));
        assertArrayEquals(new long[] {1_000_000_000L, 2_000_000_000L}, (long[]) json.get("samples_ns"));
    }

    @Test
    void aTestIsEitherPromptOrGeneration() {
        assertEquals("pp128", BenchTest.prompt("scalar", 1, 128).name());
        assertThrows(IllegalArgumentException.class, () -> new BenchTest("scalar", 1, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new BenchTest("scalar", 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new BenchRow(MODEL, BenchTest.prompt("scalar", 1, 4), new long[0]));
    }
}
