package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.engine.Model;
import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Session;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx attend} on the embedded model, in-process. */
class AttendCommandTest {
    private static final String PROMPT = "The cat that I saw";

    private static JsonNode json(String... args) throws Exception {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        return new ObjectMapper().readTree(r.stdout());
    }

    /** The named tensors of layer {@code layer} as a plain forward pass (no llmx attend) hands them to a probe. */
    /** The kernels the commands choose for this model (EngineModel): the numbers must be the very same. */
    private static Kernels sameKernelsAsTheCommands(ModelSource source) {
        return Kernels.forModel(source.tensors().stream().mapToLong(t -> t.info().elements()).max().orElse(0));
    }

    private static Map<String, float[]> forwardPass(int[] tokens, String... names) {
        return forwardPass(tokens, KvCacheTypes.DEFAULT, names);
    }

    private static Map<String, float[]> forwardPass(int[] tokens, KvCacheTypes cache, String... names) {
        Map<String, float[]> seen = new HashMap<>();
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session session = Session.open(Model.load(source, sameKernelsAsTheCommands(source)), 0, 2, cache)) {
            session.prefill(tokens, new Probe() {
                @Override
                public boolean wants(String name) {
                    return Arrays.asList(names).contains(name);
                }

                @Override
                public void observe(ProbeTensor t) {
                    seen.put(t.name(), Arrays.copyOf(t.values(), t.positions() * t.rowLength()));
                }
            });
        }
        return seen;
    }

    private static int[] ints(JsonNode array) {
        int[] a = new int[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asInt();
        }
        return a;
    }

    @Test
    void weightsAreTheSoftmaxOfTheScoresCausalAndIdenticalToTheForwardPass() throws Exception {
        JsonNode j = json("attend", "--format", "json", "--layer", "1", "-t", "2", PROMPT);
        int[] tokens = ints(j.get("prompt_tokens"));
        int n = tokens.length;
        int heads = j.get("n_heads").asInt();
        Map<String, float[]> pass = forwardPass(tokens, "blk.1.attn_weights", "blk.1.attn_scores");
        JsonNode layer = j.get("layers").get(0);
        assertEquals(1, layer.get("layer").asInt());
        assertEquals(heads, layer.get("heads").size());
        for (JsonNode head : layer.get("heads")) {
            int h = head.get("head").asInt();
            assertEquals(h / (heads / j.get("n_kv_heads").asInt()), head.get("kv_head").asInt());
            for (int i = 0; i < n; i++) {
                JsonNode scores = head.get("attn_scores").get(i);
                JsonNode weights = head.get("attn_weights").get(i);
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k <= i; k++) {
                    max = Math.max(max, scores.get(k).asDouble());
                }
                double z = 0;
                for (int k = 0; k <= i; k++) {
                    z += Math.exp(scores.get(k).asDouble() - max);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    float w = weights.get(k).floatValue();
                    sum += w;
                    if (k > i) {
                        assertTrue(scores.get(k).isNull(), "a later key is masked (−∞, null in JSON)");
                        assertEquals(0f, w, "no weight on a later key");
                    } else {
                        assertEquals(Math.exp(scores.get(k).asDouble() - max) / z, w, 1e-6);
                    }
                    // The very numbers of the forward pass: same probes, no second implementation.
                    int at = (i * heads + h) * n + k;
                    assertEquals(pass.get("blk.1.attn_weights")[at], w, 0f);
                    if (k <= i) {
                        assertEquals(pass.get("blk.1.attn_scores")[at], scores.get(k).floatValue(), 0f);
                    }
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void queryWalkSumsToOneAndItsOutputIsTheWeightedMixOfValues() throws Exception {
        // An f32 cache: attention mixes the values as cached, which are the blk.4.v probe's values only when the
        // cache stores them exactly (the default f16 cache rounds them to 11 bits).
        JsonNode j = json("attend", "--format", "json", "--layer", "4", "--query", "6", "-t", "2", "-ctk", "f32",
                "-ctv", "f32", PROMPT);
        int[] tokens = ints(j.get("prompt_tokens"));
        int heads = j.get("n_heads").asInt();
        int kvHeads = j.get("n_kv_heads").asInt();
        float[] v = forwardPass(tokens, KvCacheTypes.F32, "blk.4.v").get("blk.4.v");
        int valueDim = v.length / (tokens.length * kvHeads);
        JsonNode q = j.get("query");
        assertEquals(6, q.get("position").asInt());
        assertEquals(heads, q.get("heads").size());
        for (JsonNode head : q.get("heads")) {
            JsonNode w = head.get("weights");
            assertEquals(7, w.size());
            double sum = 0;
            for (JsonNode x : w) {
                sum += x.asDouble();
            }
            assertEquals(1.0, sum, 1e-5);
            int g = head.get("kv_head").asInt();
            for (int d = 0; d < valueDim; d++) {
                double mix = 0;
                for (int k = 0; k < w.size(); k++) {
                    mix += w.get(k).asDouble() * v[(k * kvHeads + g) * valueDim + d];
                }
                assertEquals(mix, head.get("output").get(d).asDouble(), 1e-5);
            }
        }
    }

    @Test
    void noRopeWhatIfIsADifferentDistributionWithTheSameMask() throws Exception {
        JsonNode j = json("attend", "--format", "json", "--layer", "0", "--head", "3", "--no-rope", PROMPT);
        JsonNode head = j.get("layers").get(0).get("heads").get(0);
        assertEquals(3, head.get("head").asInt());
        JsonNode real = head.get("attn_weights");
        JsonNode plain = head.get("no_rope_weights");
        double difference = 0;
        for (int i = 0; i < real.size(); i++) {
            double sum = 0;
            for (int k = 0; k < real.size(); k++) {
                sum += plain.get(i).get(k).asDouble();
                if (k > i) {
                    assertEquals(0, plain.get(i).get(k).asDouble());
                }
                difference += Math.abs(plain.get(i).get(k).asDouble() - real.get(i).get(k).asDouble());
            }
            assertEquals(1.0, sum, 1e-5);
        }
        // Position 0 sees only itself either way; later positions see RoPE's rotation.
        assertEquals(1.0, plain.get(0).get(0).asDouble(), 0);
        assertTrue(difference > 0.01, "RoPE changes the weights: " + difference);
    }

    @Test
    void summaryCoversEveryHeadOfEveryLayerAndTheViewsFitEightyColumns() throws Exception {
        JsonNode j = json("attend", "--format", "json", PROMPT);
        assertEquals(5, j.get("layers").size());
        for (JsonNode layer : j.get("layers")) {
            assertEquals(8, layer.get("heads").size());
            JsonNode h = layer.get("heads").get(0);
            assertEquals(1.0, h.get("first_share").get(0).asDouble(), 0, "the first token can only attend to itself");
            assertTrue(h.get("attn_weights") == null, "the summary leaves the matrices out");
        }
        assertEquals("[0,1]", j.get("gqa").get(0).get("query_heads").toString());
        for (String[] args : new String[][] {{"attend", PROMPT}, {"attend", "--layer", "4", "--head", "1", "--query",
                "6", "--no-rope", PROMPT}}) {
            CliRunner.Result r = CliRunner.cli().width(80).run(args);
            assertEquals(0, r.exitCode(), r::toString);
            r.stdout().lines().forEach(line -> assertTrue(line.length() <= 80, line));
        }
        String walk = CliRunner.cli().run("attend", "--layer", "4", "--head", "1", "--query", "6", PROMPT).stdout();
        assertTrue(walk.contains("   Σ weights = 100.00 %"), walk);
        assertTrue(walk.contains("(blk.4.kqv_out)"), walk);
    }

    @Test
    void tokenIdsPipedFromTokenizeAreUsedAsTheyAre() throws Exception {
        String tokenized = CliRunner.cli().run("tokenize", "-m", EmbeddedModel.path().toString(), "--format", "json",
                PROMPT).stdout();
        JsonNode ids = new ObjectMapper().readTree(tokenized).get("ids");
        JsonNode fromPipe = new ObjectMapper().readTree(CliRunner.cli().stdin(tokenized)
                .run("attend", "--format", "json").stdout());
        assertEquals(ids, fromPipe.get("prompt_tokens"));
        assertEquals(ids, json("attend", "--format", "json", PROMPT).get("prompt_tokens"));
        CliRunner.Result foreign = CliRunner.cli().stdin("{\"ids\": [1, 100000]}").run("attend");
        assertEquals(1, foreign.exitCode());
        assertTrue(foreign.stderr().contains("outside this model's vocabulary"), foreign.stderr());
    }

    @Test
    void wideHeatmapsAreWindowedToTheWidthOrToFromAndTo() {
        String longPrompt = "Once upon a time there was a little girl named Lily. She loved to play outside in the "
                + "park with her friends every day";
        CliRunner.Result r = CliRunner.cli().width(80).run("attend", "--layer", "2", longPrompt);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("showing positions 3–36 of 0–36 (--from/--to for others)"), r.stdout());
        r.stdout().lines().forEach(line -> assertTrue(line.length() <= 80, line));
        CliRunner.Result one = CliRunner.cli().width(80).run("attend", "--layer", "2", "--head", "0", longPrompt);
        assertTrue(one.stdout().contains("showing positions 29–36 of 0–36"), one.stdout());
        one.stdout().lines().forEach(line -> assertTrue(line.length() <= 80, line));
        String chosen = CliRunner.cli().run("attend", "--layer", "2", "--from", "2", "--to", "5", PROMPT).stdout();
        assertTrue(chosen.contains("showing positions 2–5 of 0–6"), chosen);
        assertTrue(chosen.contains("   2 3 4 5\n") && !chosen.contains(" 0 1 2"), chosen);
        assertEquals(2, CliRunner.cli().run("attend", "--layer", "2", "--from", "5", "--to", "2", PROMPT).exitCode());
    }

    @Test
    void optionsThatNeedALayerOrAreOutOfRangeAreUsageErrors() {
        assertEquals(2, CliRunner.cli().run("attend", "--head", "1", PROMPT).exitCode());
        assertEquals(2, CliRunner.cli().run("attend", "--layer", "5", PROMPT).exitCode());
        assertEquals(2, CliRunner.cli().run("attend", "--layer", "0", "--head", "8", PROMPT).exitCode());
        CliRunner.Result r = CliRunner.cli().run("attend", "--layer", "0", "--query", "7", PROMPT);
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("--query must be a position of the prompt, 0 to 6, not 7"), r.stderr());
    }
}
