package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx sample} on the embedded model and on {@code llmx logits} JSON, in-process. */
class SampleCommandTest {
    static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        return new ObjectMapper().readTree(r.stdout());
    }

    static JsonNode stage(JsonNode j, String name) {
        for (JsonNode s : j.get("stages")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + name);
    }

    @Test
    void theTableShowsEveryStepAndTheDrawnToken() {
        CliRunner.Result r = CliRunner.cli().run("sample", "Once upon a time", "--top-k", "5", "--temp", "0.7",
                "--seed", "42");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.startsWith("next token after 'Once·upon·a·time' (5 prompt tokens, 512 candidates)\n"), out);
        assertTrue(out.contains("1. penalties (repeat=1.0 presence=0.0 frequency=0.0 last_n=64): off\n"), out);
        assertTrue(out.contains("2. top_k (k=5): 512 → 5 candidates, removed 0.2% of the probability"), out);
        assertTrue(out.contains("   6  298  ·g      1.370e-04                          cut"), out);
        assertTrue(out.contains("4. top_p (p=0.95): 5 → 1 candidate,"), out);
        assertTrue(out.contains("drawn: 432 ',', rank 1 of the raw distribution, raw probability 0.9687"), out);
    }

    @Test
    void jsonListsEveryStageRenormalised() throws Exception {
        JsonNode j = json(CliRunner.cli().run("sample", "--format", "json", "--seed", "5", "--temp", "1.2",
                "--top-k", "20", "--top-p", "0.99", "--min-p", "0.01", "Lily and Ben"));
        assertEquals("model", j.get("source").asText());
        assertEquals(512, j.get("n_candidates").asInt());
        assertFalse(j.get("top_k_only").asBoolean());
        assertEquals("[\"penalties\",\"top_k\",\"typ_p\",\"top_p\",\"min_p\",\"temperature\"]",
                j.get("samplers").toString());
        assertEquals(512, j.get("input").get("candidates").size());
        JsonNode topK = stage(j, "top_k");
        assertEquals(512, topK.get("n_before").asInt());
        assertEquals(20, topK.get("n_after").asInt());
        assertEquals(20, topK.get("candidates").size());
        assertFalse(stage(j, "typ_p").get("active").asBoolean());
        assertFalse(stage(j, "typ_p").has("candidates"));
        // Removed mass: what the input's top 20 leave out.
        double top20 = 0;
        for (int i = 0; i < 20; i++) {
            top20 += j.get("input").get("candidates").get(i).get("prob").asDouble();
        }
        assertEquals(1 - top20, topK.get("mass_removed").asDouble(), 1e-9);
        int previous = 512;
        for (JsonNode s : j.get("stages")) {
            assertTrue(s.get("n_after").asInt() <= previous);
            previous = s.get("n_after").asInt();
            if (s.has("candidates")) {
                double sum = 0;
                for (JsonNode c : s.get("candidates")) {
                    sum += c.get("prob").asDouble();
                }
                assertEquals(1, sum, 1e-9, s.get("name").asText());
            }
        }
        // Temperature 1.2 flattens what is left: entropy rises.
        JsonNode temp = stage(j, "temperature");
        assertTrue(temp.get("entropy").asDouble() > stage(j, "min_p").get("entropy").asDouble());
        JsonNode drawn = j.get("drawn");
        JsonNode inputEntry = j.get("input").get("candidates").get(drawn.get("rank").asInt() - 1);
        assertEquals(drawn.get("id").asInt(), inputEntry.get("id").asInt());
        assertEquals(inputEntry.get("prob").asDouble(), drawn.get("raw_prob").asDouble(), 0);
    }

    @Test
    void theFirstDrawIsTheTokenGenerateSamplesWithTheSameSeed() throws Exception {
        String[] flags = {"--seed", "11", "--temp", "1.5", "--top-k", "0", "--min-p", "0"};
        for (String prompt : new String[] {"Lily", "Once upon a time", "The dog"}) {
            JsonNode s = json(CliRunner.cli().run(concat(new String[] {"sample", "--format", "json", prompt}, flags)));
            CliRunner.Result generated = CliRunner.cli().run(concat(new String[] {"generate", "--format", "json",
                    "-n", "1", prompt}, flags));
            assertEquals(0, generated.exitCode(), generated::toString);
            JsonNode g = new ObjectMapper().readTree(generated.stdout());
            assertEquals(g.get("tokens").get(0).asInt(), s.get("drawn").get("id").asInt(), prompt);
        }
    }

    @Test
    void drawsFollowTheFinalDistribution() throws Exception {
        // Seeded, so the outcome is fixed; χ² with 5 degrees of freedom stays below 20.52 with probability 0.999.
        JsonNode j = json(CliRunner.cli().run("sample", "--format", "json", "Lily", "--temp", "1.5", "--top-k", "6",
                "--min-p", "0", "--top-p", "1", "--draws", "20000", "--seed", "1"));
        JsonNode d = j.get("draws");
        assertEquals(20000, d.get("n").asInt());
        assertEquals(6, d.get("counts").size());
        double x2 = 0;
        long total = 0;
        for (JsonNode c : d.get("counts")) {
            double expected = c.get("prob").asDouble() * 20000;
            assertTrue(expected > 5, "every cell needs an expected count above 5 for the χ² test");
            double diff = c.get("count").asLong() - expected;
            x2 += diff * diff / expected;
            total += c.get("count").asLong();
        }
        assertEquals(20000, total);
        assertEquals(5, d.get("degrees_of_freedom").asInt());
        assertEquals(x2, d.get("chi_square").asDouble(), 1e-9);
        assertTrue(x2 < 20.52, "χ² " + x2);
        assertEquals(dev.llmx.sampling.ChiSquare.pValue(x2, 5), d.get("p_value").asDouble(), 1e-12);
        assertTrue(d.get("p_value").asDouble() > 0.001);
        // The first draw is the drawn token.
        assertTrue(j.get("drawn").get("prob").asDouble() > 0);
    }

    @Test
    void logitsJsonOnStandardInputGivesTheSameChain() throws Exception {
        CliRunner.Result logits = CliRunner.cli().run("logits", "--format", "json", "--top", "1000",
                "Once upon a time");
        assertEquals(0, logits.exitCode(), logits::toString);
        String[] flags = {"--seed", "3", "--temp", "2", "--top-k", "10", "--format", "json"};
        JsonNode piped = json(CliRunner.cli().stdin(logits.stdout()).run(concat(new String[] {"sample"}, flags)));
        JsonNode direct = json(CliRunner.cli().run(concat(new String[] {"sample", "Once upon a time"}, flags)));
        assertEquals("stdin", piped.get("source").asText());
        assertFalse(piped.get("top_k_only").asBoolean(), "all 512 tokens were listed");
        assertEquals(direct.get("prompt_tokens"), piped.get("prompt_tokens"));
        assertEquals(direct.get("drawn").get("id"), piped.get("drawn").get("id"));
        assertEquals(direct.get("input").get("entropy").asDouble(), piped.get("input").get("entropy").asDouble(), 1e-5);
        assertEquals(stage(direct, "top_k").get("candidates").get(9).get("id"),
                stage(piped, "top_k").get("candidates").get(9).get("id"));
    }

    @Test
    void aTopKListOnStandardInputIsSaidToBeOne() throws Exception {
        CliRunner.Result logits = CliRunner.cli().run("logits", "--format", "json", "--top", "5", "Lily and Ben");
        CliRunner.Result table = CliRunner.cli().stdin(logits.stdout()).run("sample", "--seed", "1");
        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.stdout().contains("note: standard input lists only the top 5 tokens, "), table.stdout());
        assertTrue(table.stdout().contains("the tail beyond them is unknown"), table.stdout());
        JsonNode j = json(CliRunner.cli().stdin(logits.stdout()).run("sample", "--format", "json"));
        assertTrue(j.get("top_k_only").asBoolean());
        assertTrue(j.get("listed_mass").asDouble() < 1);
        assertEquals(5, j.get("n_candidates").asInt());
    }

    @Test
    void badStandardInputIsAOneLineErrorNamingWhatIsMissing() {
        CliRunner.Result noPositions = CliRunner.cli().stdin("{\"prompt_tokens\": [1]}").run("sample");
        assertEquals(1, noPositions.exitCode(), noPositions::toString);
        assertEquals("llmx sample: standard input is not the JSON of 'llmx logits --format json': no \"positions\" "
                + "array\n", noPositions.stderr());
        CliRunner.Result noLogit = CliRunner.cli().stdin("{\"positions\": [{\"top\": [{\"id\": 4}]}]}").run("sample");
        assertEquals(1, noLogit.exitCode(), noLogit::toString);
        assertEquals("llmx sample: standard input is not the JSON of 'llmx logits --format json': candidate 0 has "
                + "no \"logit\" (a number)\n", noLogit.stderr());
        CliRunner.Result broken = CliRunner.cli().stdin("{\"positions\": [").run("sample");
        assertEquals(1, broken.exitCode(), broken::toString);
        assertEquals(1, broken.stderr().lines().count(), broken.stderr());
        assertTrue(broken.stderr().startsWith("llmx sample: standard input is not valid JSON"), broken.stderr());
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRunner.Result dry = CliRunner.cli().run("sample", "--samplers", "penalties;dry", "hi");
        assertEquals(2, dry.exitCode(), dry::toString);
        assertTrue(dry.stderr().startsWith("llmx sample: --samplers: llmx does not implement 'dry'"), dry.stderr());
        CliRunner.Result draws = CliRunner.cli().run("sample", "--draws", "0", "hi");
        assertEquals(2, draws.exitCode(), draws::toString);
        assertEquals(1, draws.stderr().lines().count(), draws.stderr());
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void pipedInputIsCheckedAsStrictlyAsEveryOtherStage() {
        String logits = CliRunner.cli().run("logits", "--format", "json", "--top", "5", "Once upon a time").stdout();
        CliRunner.Result fractional = CliRunner.cli().stdin(logits.replaceFirst("\"id\": (\\d+)", "\"id\": $1.5"))
                .run("sample");
        assertEquals(1, fractional.exitCode(), fractional::toString);
        assertTrue(fractional.stderr().contains("has no \"id\" (a token id)"), fractional.stderr());
        for (String format : new String[] {"csv", "table"}) {
            String text = CliRunner.cli().run("logits", "--format", format, "Once upon a time").stdout();
            CliRunner.Result wrong = CliRunner.cli().stdin(text).run("sample");
            assertEquals(1, wrong.exitCode(), format + ": " + wrong);
            assertTrue(wrong.stderr().contains("pipe 'llmx logits --format json'"), wrong.stderr());
        }
        CliRunner.Result withModel = CliRunner.cli().stdin(logits).run("sample", "-m", "stories260K");
        assertEquals(2, withModel.exitCode(), "-m is not silently ignored: " + withModel);
    }
}
