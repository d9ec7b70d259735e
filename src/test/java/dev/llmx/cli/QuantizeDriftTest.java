package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx quantize --drift}: the embedded model against itself quantized in memory. */
class QuantizeDriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Once upon a time, there was a little girl";

    private static JsonNode drift(String... extra) throws IOException {
        String[] args = new String[extra.length + 5];
        args[0] = "quantize";
        System.arraycopy(extra, 0, args, 1, extra.length);
        args[extra.length + 1] = "--drift";
        args[extra.length + 2] = PROMPT;
        args[extra.length + 3] = "--format";
        args[extra.length + 4] = "json";
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(r.stdout());
    }

    private static double worstCosine(JsonNode d) {
        double worst = 1;
        for (JsonNode l : d.get("layers")) {
            worst = Math.min(worst, l.get("min_cosine").asDouble());
        }
        return worst;
    }

    @Test
    void q8DriftsVeryLittle() throws IOException {
        JsonNode d = drift("--type", "Q8_0");
        assertEquals("Q8_0", d.get("type").asText());
        assertEquals(5, d.get("layers").size());
        int positions = d.get("prompt_tokens").size();
        for (JsonNode l : d.get("layers")) {
            assertTrue(l.get("min_cosine").asDouble() > 0.99, l.toString());
            assertTrue(l.get("min_cosine").asDouble() < 1, "Q8_0 changes the weights: " + l);
            assertEquals(positions, l.get("cosine").size());
        }
        assertTrue(d.get("mean_kl").asDouble() > 0 && d.get("mean_kl").asDouble() < 1e-3, d.toString());
        assertEquals(positions, d.get("positions").size());
        assertEquals(1.0, d.get("top1_agreement").asDouble(), d.toString());
        double p0 = d.get("perplexity").get("original").asDouble();
        double p1 = d.get("perplexity").get("quantized").asDouble();
        assertTrue(Math.abs(p1 / p0 - 1) < 0.01, p0 + " vs " + p1);
    }

    @Test
    void f32IsNoQuantizationAtAll() throws IOException {
        JsonNode d = drift("--type", "F32");
        for (JsonNode l : d.get("layers")) {
            for (JsonNode c : l.get("cosine")) {
                assertEquals(1.0, c.asDouble(), l.toString());
            }
        }
        for (JsonNode p : d.get("positions")) {
            assertEquals(0.0, p.get("kl").asDouble(), p.toString());
            assertTrue(p.get("top1_agree").asBoolean());
        }
        assertEquals(0.0, d.get("mean_kl").asDouble());
        assertEquals(d.get("perplexity").get("original").asDouble(), d.get("perplexity").get("quantized").asDouble());
    }

    /** Legacy types: the embedded model's rows of 64 values are too short for the k-quants, which fall back. */
    @Test
    void fewerBitsDriftMore() throws IOException {
        JsonNode q8 = drift("--type", "Q8_0");
        JsonNode q5 = drift("--type", "Q5_0");
        JsonNode q4 = drift("--type", "Q4_0");
        assertTrue(q5.get("mean_kl").asDouble() > q8.get("mean_kl").asDouble());
        assertTrue(q4.get("mean_kl").asDouble() > q5.get("mean_kl").asDouble());
        assertTrue(worstCosine(q5) < worstCosine(q8));
        assertTrue(worstCosine(q4) < worstCosine(q5));
    }

    @Test
    void tableShowsLayersAndSummary() {
        CliRunner.Result r = CliRunner.cli().run("quantize", "--type", "Q4_K_M", "--drift", "Once upon a time");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.contains("blk.N.resid_out"), out);
        assertTrue(out.contains("top-1 agreement"), out);
        assertTrue(out.contains("perplexity"), out);
        assertTrue(out.contains("█"), "bars: " + out);
        String csv = CliRunner.cli().run("quantize", "--type", "Q8_0", "--drift", "Once", "--format", "csv").stdout();
        assertTrue(csv.startsWith("layer,tensor,mean_cosine,min_cosine"), csv);
        assertEquals(6, csv.strip().split("\n").length, csv);
    }

    @Test
    void quantizedReferenceModelNeedsAllowRequantize() throws IOException {
        String model = Refs.require("models/ref-llama-Q8_0.gguf").toString();
        CliRunner.Result refused = CliRunner.cli().run("quantize", "-m", model, "--type", "Q4_0", "--drift", PROMPT);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("--allow-requantize"), refused.stderr());
        JsonNode d = drift("-m", model, "--allow-requantize", "--type", "Q4_0");
        assertTrue(d.get("layers").size() > 0);
        assertTrue(worstCosine(d) < 1);
        assertTrue(d.get("mean_kl").asDouble() > 0);
    }

    @Test
    void refusesWhatItCannotCombine() {
        CliRunner.Result r = CliRunner.cli().run("quantize", "--drift", "x", "--compare", "Q8_0");
        assertEquals(2, r.exitCode(), r::toString);
        assertFalse(r.stderr().strip().contains("\n"));
        assertTrue(r.stderr().contains("--drift"), r.stderr());
        CliRunner.Result empty = CliRunner.cli().run("quantize", "--drift", "");
        assertEquals(2, empty.exitCode(), empty::toString);
    }
}
