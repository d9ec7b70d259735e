package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx route} and the experts {@code llmx layers} shows, on the mixture-of-experts refs models. */
class RouteCommandTest {
    private static final String PROMPT = "The cat sat on the mat";

    private static JsonNode json(String... args) throws Exception {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void everyTokenChoosesTwoDistinctExpertsWhoseWeightsSumToOneAndUsageCountsThem() throws Exception {
        String model = Refs.require("models/ref-qwen3moe-Q8_0.gguf").toString();
        JsonNode route = json("route", "-m", model, "--format", "json", PROMPT);
        assertEquals(8, route.get("n_expert").asInt());
        assertEquals(2, route.get("n_expert_used").asInt());
        assertEquals("softmax_topk_normalised", route.get("gating").asText());
        int tokens = route.get("prompt_tokens").size();
        int[][] counts = new int[3][8];
        for (JsonNode t : route.get("tokens")) {
            assertEquals(3, t.get("layers").size());
            int l = 0;
            for (JsonNode layer : t.get("layers")) {
                JsonNode e = layer.get("experts");
                JsonNode w = layer.get("weights");
                assertTrue(e.get(0).asInt() != e.get(1).asInt());
                assertTrue(w.get(0).asDouble() >= w.get(1).asDouble(), "highest weight first");
                assertEquals(1.0, w.get(0).asDouble() + w.get(1).asDouble(), 1e-6);
                counts[l][e.get(0).asInt()]++;
                counts[l][e.get(1).asInt()]++;
                l++;
            }
        }
        for (int l = 0; l < 3; l++) {
            JsonNode c = route.get("usage").get(l).get("counts");
            int sum = 0;
            for (int e = 0; e < 8; e++) {
                assertEquals(counts[l][e], c.get(e).asInt());
                sum += c.get(e).asInt();
            }
            assertEquals(2 * tokens, sum);
        }

        // llmx layers shows the same choice for the token it follows (the last)
        JsonNode layers = json("layers", "-m", model, "--format", "json", PROMPT);
        JsonNode last = route.get("tokens").get(tokens - 1).get("layers");
        for (int l = 0; l < 3; l++) {
            JsonNode shown = layers.get("layers").get(l).get("experts");
            assertEquals(last.get(l).get("experts").get(0).asInt(), shown.get(0).get("id").asInt());
            assertEquals(last.get(l).get("weights").get(1).floatValue(), shown.get(1).get("weight").floatValue());
            assertEquals(0, layers.get("layers").get(l).get("top_neurons").size());
        }
    }

    @Test
    void theTextViewFitsTheTerminalAndCsvHasEveryRoute() throws Exception {
        String model = Refs.require("models/ref-gptoss-MXFP4.gguf").toString();
        CliRunner.Result r = CliRunner.cli().width(50).run("route", "-m", model, PROMPT);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("routing: 2 of 8 experts per token (topk_softmax)"), r.stdout());
        assertTrue(r.stdout().contains("layer 3"), r.stdout()); // the grid's layers come in blocks that fit
        r.stdout().lines().filter(line -> !line.startsWith("scale "))
                .forEach(line -> assertTrue(line.length() <= 50, line));
        CliRunner.Result csv = CliRunner.cli().run("route", "-m", model, "--format", "csv", PROMPT);
        long routes = csv.stdout().lines().filter(l -> l.startsWith("route,")).count();
        long usage = csv.stdout().lines().filter(l -> l.startsWith("usage,")).count();
        int tokens = json("route", "-m", model, "--format", "json", PROMPT).get("prompt_tokens").size();
        assertEquals((long) tokens * 4 * 2, routes);
        assertEquals(4 * 8, usage);
    }

    @Test
    void aTextLongerThanTheContextRunsInChunks() throws Exception {
        String model = Refs.require("models/ref-qwen3moe-Q8_0.gguf").toString();
        String text = "The cat sat on the mat and the dog sat on the log by the door";
        JsonNode whole = json("route", "-m", model, "--format", "json", text);
        JsonNode chunked = json("route", "-m", model, "--format", "json", "-c", "8", text);
        int tokens = whole.get("prompt_tokens").size();
        assertTrue(tokens > 8, "the text needs more than one chunk: " + tokens);
        assertEquals(tokens, chunked.get("tokens").size());
        // causal attention: the first chunk's positions see what they see in one run (a batch of 8 rather than all
        // tokens may round the last bit differently)
        for (int p = 0; p < 8; p++) {
            for (int l = 0; l < 3; l++) {
                JsonNode a = whole.get("tokens").get(p).get("layers").get(l);
                JsonNode b = chunked.get("tokens").get(p).get("layers").get(l);
                assertEquals(a.get("experts"), b.get("experts"));
                assertEquals(a.get("weights").get(0).asDouble(), b.get("weights").get(0).asDouble(), 1e-5);
            }
        }
        int sum = 0;
        for (JsonNode c : chunked.get("usage").get(0).get("counts")) {
            sum += c.asInt();
        }
        assertEquals(2 * tokens, sum);
    }

    @Test
    void aDenseModelHasNoRouter() {
        CliRunner.Result r = CliRunner.cli().run("route", "hi");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx route: ") && r.stderr().endsWith(
                "is not a mixture of experts: its llama feed-forward is dense, there is no router\n"), r.stderr());
    }
}
