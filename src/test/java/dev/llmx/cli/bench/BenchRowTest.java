package dev.llmx.cli.bench;

import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.render.Style;
import dev.llmx.render.TextOut;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchRowTest {
    private static final ModelSummary MODEL = new ModelSummary("m.gguf", 1000, 500);

    @Test
    void averagesAreLlamaBenchs() {
        // 10 tokens in 1 s and in 2 s: 10 and 5 tokens/s.
        BenchRow row = new BenchRow(MODEL, BenchTest.generation("scalar", 2, KvCacheTypes.DEFAULT, 10), new long[] {1_000_000_000L,
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
        assertEquals("pp128", BenchTest.prompt("scalar", 1, KvCacheTypes.DEFAULT, 128).name());
        assertThrows(IllegalArgumentException.class, () -> new BenchTest("scalar", 1, KvCacheTypes.DEFAULT, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new BenchTest("scalar", 1, KvCacheTypes.DEFAULT, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new BenchRow(MODEL, BenchTest.prompt("scalar", 1, KvCacheTypes.DEFAULT, 4), new long[0]));
    }

    @Test
    void theStreamedTableWritesEachRowAlignedBeforeTheNextExists() {
        BenchTest pp = BenchTest.prompt("Vector API 512-bit", 2, KvCacheTypes.DEFAULT, 512);
        BenchTest tg = BenchTest.generation("Vector API 512-bit", 2, KvCacheTypes.DEFAULT, 8);
        BenchTableStream stream = new BenchTableStream(MODEL, List.of(pp, tg));
        StringWriter text = new StringWriter();
        TextOut out = new TextOut(new PrintWriter(text, true), new Style(false), 100);
        stream.write(out, new BenchRow(MODEL, pp, new long[] {1_000_000_000L}));
        List<String> first = text.toString().lines().toList();
        assertEquals(2, first.size(), "header and the first row, before the second test has a result");
        assertEquals("model     size  params  kernels             threads   test                t/s", first.get(0));
        assertEquals("m.gguf  1000 B     500  Vector API 512-bit        2  pp512      512.00 ± 0.00", first.get(1));
        stream.write(out, new BenchRow(MODEL, tg, new long[] {500_000_000L, 500_000_000L}));
        List<String> all = text.toString().lines().toList();
        assertEquals(3, all.size());
        assertEquals(all.get(0).length(), all.get(1).length(), "rows align with the header");
        assertEquals(all.get(0).length(), all.get(2).length());
        assertEquals(all.get(0).indexOf("test") + 4, all.get(2).indexOf("tg8") + 3, "the test column is right-aligned");
    }
}
