package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.kvcache.Presets;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static dev.llmx.testing.CliRunner.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCostCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "kv-cost";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--format";
        all[args.length + 2] = "json";
        CliRunner.Result r = cli().run(all);
        assertEquals(0, r.exitCode(), r.toString());
        return JSON.readTree(r.stdout());
    }

    private static CliRunner.Result fails(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "kv-cost";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRunner.Result r = cli().run(all);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
        assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("llmx kv-cost: "), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
        return r;
    }

    @Test
    void llama3_8bJson() throws Exception {
        JsonNode j = json("--preset", "llama-3-8b", "--context", "8k");
        assertEquals(131_072, j.get("bytes_per_token").asLong());
        assertEquals(1L << 30, j.get("total_bytes").asLong());
        assertEquals(8192, j.get("context").asLong());
        assertEquals(32, j.get("layers").size());
        assertEquals(32L << 20, j.get("layers").get(0).get("bytes").asLong());
        assertEquals(8_030_261_248L, j.get("params_total").asLong());
        assertEquals(2 * 8_030_261_248L, j.get("weights_bytes").asLong());
        assertTrue(j.get("fits").isNull(), "no --memory, no verdict");
        assertEquals("https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json",
                j.get("model").get("source").asText());
        assertTrue(j.get("flops").get("decode_without_cache").asLong()
                > j.get("flops").get("decode_with_cache").asLong());
    }

    @Test
    void csvSweepPipesIntoASpreadsheet() {
        CliRunner.Result r = cli().run("kv-cost", "--preset", "llama-3-8b", "--context", "1k,8k,128k", "--format",
                "csv");
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.stdout().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("model,kv_type,batch,context,bytes_per_token,total_bytes,weights_bytes"),
                lines[0]);
        assertTrue(lines[2].startsWith("llama-3-8b,f16,1,8192,131072,1073741824,"), lines[2]);
        assertTrue(lines[3].startsWith("llama-3-8b,f16,1,131072,131072,17179869184,"), lines[3]);
    }

    @Test
    void tableSpellsTheFormulaOut() {
        CliRunner.Result r = cli().run("kv-cost", "--preset", "llama-3-8b", "-c", "8k");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("8 KV heads × 128 = 1,024 values × 2 B = 2.00 KiB per layer"), r.stdout());
        assertTrue(r.stdout().contains("32 layers × 4.00 KiB = 128 KiB (131,072 B)"), r.stdout());
        assertTrue(r.stdout().contains("32 × 8,192 × 4.00 KiB"), r.stdout());
        assertTrue(r.stdout().contains("1.00 GiB"), r.stdout());
    }

    @Test
    void slidingWindowsShowInTheFormula() {
        CliRunner.Result r = cli().run("kv-cost", "--preset", "gemma-3-27b", "-c", "32k");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("10 × 32,768 × 8.00 KiB + 52 × 1,024 (window) × 8.00 KiB"), r.stdout());
    }

    @Test
    void memoryVerdictAndLargestContext() throws Exception {
        JsonNode j = json("--preset", "llama-3-8b", "-c", "128k", "--memory", "24GiB");
        assertFalse(j.get("fits").asBoolean());
        long budget = (24L << 30) - j.get("weights_bytes").asLong();
        assertEquals(budget / 131_072, j.get("max_context").asLong());
        JsonNode small = json("--preset", "llama-3-8b", "-c", "8k", "--memory", "24GiB");
        assertTrue(small.get("fits").asBoolean());
    }

    @Test
    void bandwidthCeiling() throws Exception {
        JsonNode j = json("--preset", "llama-3-8b", "-c", "8k", "--bandwidth", "1000");
        JsonNode d = j.get("decode");
        assertEquals(1e12 / d.get("traffic_bytes").asLong(), d.get("tokens_per_s_ceiling").asDouble(), 1e-9);
    }

    @Test
    void compareHeads() throws Exception {
        JsonNode rows = json("--preset", "llama-2-7b", "-c", "4k", "--compare-heads").get("compare_heads");
        assertEquals(3, rows.size());
        assertEquals(524_288, rows.get(0).get("bytes_per_token").asLong());
        assertTrue(rows.get(0).get("published").asBoolean());
        assertEquals(131_072, rows.get(1).get("bytes_per_token").asLong());
        assertEquals(16_384, rows.get(2).get("bytes_per_token").asLong());
        assertEquals(1, rows.get(2).get("kv_heads").asInt());
    }

    @Test
    void pagedBlocks() throws Exception {
        JsonNode p = json("--preset", "qwen3-8b", "--block-size", "16", "--seq-lens", "100,2000").get("paged");
        assertEquals(7, p.get("sequences").get(0).get("blocks_per_layer").asLong());
        assertEquals(12L * 4096 * 36, p.get("sequences").get(0).get("wasted_bytes").asLong());
        assertEquals(0, p.get("sequences").get(1).get("wasted_bytes").asLong());
        assertEquals(12L * 4096 * 36, p.get("wasted_bytes").asLong());
    }

    @Test
    void explicitShape() throws Exception {
        JsonNode j = json("--layers", "80", "--kv-heads", "8", "--head-dim", "128", "-c", "4096");
        assertEquals(327_680, j.get("bytes_per_token").asLong());
        assertTrue(j.get("params_total").isNull());
        assertTrue(j.get("flops").isNull());
        JsonNode w = json("--layers", "4", "--kv-heads", "1", "--head-dim", "64", "--sliding-window", "100",
                "--global-every", "2", "-c", "1000", "--kv-type", "f32");
        assertEquals((2L * 1000 + 2L * 100) * 2 * 64 * 4, w.get("total_bytes").asLong());
        JsonNode p = json("--layers", "32", "--kv-heads", "32", "--head-dim", "128", "--heads", "32", "--params",
                "7b", "-c", "4k");
        assertEquals(14_000_000_000L, p.get("weights_bytes").asLong());
        assertFalse(p.get("flops").isNull());
    }

    @Test
    void presetList() throws Exception {
        JsonNode j = json("--preset", "list");
        assertEquals(Presets.all().size(), j.get("presets").size());
        CliRunner.Result table = cli().run("kv-cost", "--preset", "list");
        assertTrue(table.stdout().contains("gpt-oss-120b"), table.stdout());
    }

    @Test
    void unknownPresetListsCloseNames() {
        CliRunner.Result r = fails("--preset", "lama-3-8b");
        assertTrue(r.stderr().contains("unknown preset 'lama-3-8b'; did you mean llama-3-8b"), r.stderr());
    }

    @Test
    void badInputIsAUsageError() {
        assertTrue(fails("--preset", "llama-3-8b", "--context", "-4096").stderr().contains("at least 1"));
        fails("--preset", "llama-3-8b", "--kv-type", "q4_k");
        fails("--preset", "llama-3-8b", "--layers", "2");
        fails("--layers", "2", "--kv-heads", "2");
        fails();
        fails("--preset", "llama-3-8b", "--batch", "0");
        fails("--preset", "llama-3-8b", "--seq-lens", "10");
        fails("--preset", "llama-3-8b", "--memory", "lots");
        assertTrue(fails("--preset", "llama-3-8b", "--memory", "24").stderr()
                .contains("--memory: '24' has no unit; write 24GiB, 24GB or, for bytes, 24B"), "not 24 bytes");
        assertEquals(0, CliRunner.cli().run("kv-cost", "--preset", "llama-3-8b", "--memory", "24000000000B")
                .exitCode());
        fails("--layers", "2", "--kv-heads", "3", "--head-dim", "10", "--kv-type", "q8_0");
        fails("--layers", "2", "--kv-heads", "2", "--head-dim", "64", "--compare-heads");
        fails("--preset", "llama-3-8b", "--bogus");
    }

    @Test
    void hugeNumbersFailCleanly() {
        CliRunner.Result r = cli().run("kv-cost", "--preset", "llama-3.1-405b", "-c", "1024m", "--batch",
                "1000000");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("overflow"), r.stderr());
    }

    @Test
    void ctxSizeIsTheContextOptionAsInEveryOtherCommand() {
        String context = cli().run("kv-cost", "--preset", "llama-3-8b", "--context", "8k", "--format", "json").stdout();
        assertEquals(context, cli().run("kv-cost", "--preset", "llama-3-8b", "--ctx-size", "8k", "--format", "json")
                .stdout());
    }

    @Test
    void aTenMillionTokenContextWithAPresetGivesItsFlopsInsteadOfOverflowing() throws Exception {
        JsonNode j = json("--preset", "llama-3-8b", "-c", "10M");
        JsonNode rows = j.findValue("prefill_flops");
        assertTrue(rows != null && rows.asDouble() > 9.3e18, "past 2^63, as a number: " + j);
    }

    /**
     * A quantize mix is planned by quantize's own planner: kv-cost's weights for the embedded model as Q4_K_M (and the
     * other mixes) are, byte for byte, the tensors of the file llmx quantize writes for that recipe.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Q4_K_M", "Q4_K_S", "Q5_K_M", "Q3_K_M", "MXFP4_MOE"})
    void aQuantizeMixWeighsWhatQuantizeWritesForIt(String mix, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.gguf");
        CliRunner.Result q = cli().run("quantize", "-o", file.toString(), "--type", mix);
        assertEquals(0, q.exitCode(), q.toString());
        JsonNode written = json("-m", file.toString());
        JsonNode planned = json("-m", "stories260K", "--weight-type", mix.toLowerCase(java.util.Locale.ROOT));
        assertEquals(mix, planned.get("weights_type").asText());
        assertEquals(written.get("weights_bytes").asLong(), planned.get("weights_bytes").asLong(), mix);
    }

    /** llama.cpp's llama-quantize reports Llama-3-8B as Q4_K_M at 4.58 GiB, 4.89 bits per weight. */
    @Test
    void llama3_8bAsQ4KMIsTheSizeLlamaQuantizeReports() throws Exception {
        JsonNode j = json("--preset", "llama-3-8b", "--weight-type", "Q4_K_M");
        double bpw = 8.0 * j.get("weights_bytes").asLong() / j.get("params_total").asLong();
        assertEquals(4.89, bpw, 0.01, j.toString());
        JsonNode s = json("--preset", "llama-3-8b", "--weight-type", "Q4_K_S");
        assertTrue(s.get("weights_bytes").asLong() < j.get("weights_bytes").asLong(), "_S is smaller than _M");
    }

    @Test
    void aMixNeedsTheLayerSizes() {
        assertTrue(fails("--layers", "2", "--kv-heads", "2", "--head-dim", "64", "--params", "7b", "--weight-type",
                "Q4_K_M").stderr().contains("per-tensor mix"));
        assertTrue(fails("--preset", "llama-3-8b", "--weight-type", "Q4_K_X").stderr().contains("or a quantize mix: "
                + "Q5_K_M, Q5_K_S, Q5_1, Q4_K_M"));
    }

    /** On an 80-column terminal long values wrap under themselves; into a pipe they stay one line each. */
    @Test
    void longFieldsWrapOnATerminalAndStayWholeInAPipe() {
        CliRunner.Result tty = cli().onTerminal().noColorEnv().width(80).run("kv-cost", "--preset", "deepseek-v3");
        assertEquals(0, tty.exitCode(), tty.toString());
        tty.stdout().lines().filter(l -> !l.startsWith("source")) // a URL is one word: it cannot wrap
                .forEach(l -> assertTrue(l.length() <= 80, l.length() + ": " + l));
        CliRunner.Result pipe = cli().width(80).run("kv-cost", "--preset", "deepseek-v3");
        assertTrue(pipe.stdout().lines().anyMatch(l -> l.startsWith("note") && l.length() > 150), pipe.stdout());
        assertEquals(pipe.stdout().replaceAll("\\s+", " "), tty.stdout().replaceAll("\\s+", " "),
                "the same words, only wrapped");
    }
}
