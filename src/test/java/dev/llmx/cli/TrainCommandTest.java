package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx train} end to end on the embedded model and War and Peace. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path slice(long from, int bytes, String name) throws IOException {
        Path corpus = Refs.require("corpus/war-and-peace.txt");
        try (InputStream in = Files.newInputStream(corpus)) {
            in.skipNBytes(from);
            Path out = dir.resolve(name);
            Files.write(out, in.readNBytes(bytes));
            return out;
        }
    }

    private static List<JsonNode> lines(CliRunner.Result r) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void stepZeroValidationLossIsLlamaPerplexity() throws IOException {
        Path text = slice(0, 65536, "first64k.txt");
        CliRunner.Result r = CliRunner.cli().run("train", "-f", text.toString(), "--val-file", text.toString(),
                "-c", "128", "--eval-windows", "1000", "--steps", "0", "--format", "json",
                "--png", dir.resolve("curve.png").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals((byte) 0x89, Files.readAllBytes(dir.resolve("curve.png"))[0], "a PNG of the curves");
        JsonNode summary = JSON.readTree(r.stdout());
        // llama-perplexity -c 128 on the first 64 KiB: 45.3203 (../shared/refs/perplexity/README.md).
        assertEquals(45.3203, summary.get("initial_val_ppl").asDouble(), 0.01);
        assertEquals(Math.log(45.3203), summary.get("initial_val_loss").asDouble(), 3e-4);
        assertEquals(0, summary.get("steps").asInt());
    }

    @Test
    void fineTuningLowersPerplexityOnALaterSliceAndTheCheckpointRoundTrips() throws IOException {
        Path text = slice(0, 65536, "train.txt");
        Path later = slice(1_500_000, 16384, "later.txt");
        Path out = dir.resolve("tuned.gguf");
        String[] args = {"train", "-f", text.toString(), "--val-file", later.toString(), "-c", "64", "-b", "4",
                "--steps", "30", "--lr", "2e-3", "--eval-every", "10", "--sample-every", "30", "--sample-tokens", "16",
                "--seed", "7", "-o", out.toString(), "--format", "jsonl"};
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> records = lines(r);
        JsonNode summary = records.get(records.size() - 1);
        assertEquals("summary", summary.get("record").asText());
        double before = summary.get("initial_val_ppl").asDouble();
        double after = summary.get("final_val_ppl").asDouble();
        assertTrue(after < 0.8 * before, "validation perplexity " + before + " → " + after);
        assertEquals("steps", summary.get("stop_reason").asText());

        // The run is deterministic: the same seed gives the same losses, on another thread count too.
        CliRunner.Result again = CliRunner.cli().run(withThreads(args, "1"));
        List<JsonNode> second = lines(again);
        assertEquals(records.size(), second.size());
        for (int i = 0; i < records.size() - 1; i++) {
            assertEquals(records.get(i).get("loss"), second.get(i).get("loss"), "step " + i);
            assertEquals(records.get(i).get("val_loss"), second.get(i).get("val_loss"), "step " + i);
        }

        // The sample drawn from the weights in memory after the last step is what llmx generates from the file.
        JsonNode last = records.get(records.size() - 2);
        assertTrue(last.get("loss").isNull() && !last.get("sample").isNull(), last.toString());
        CliRunner.Result generated = CliRunner.cli().run("generate", "-m", out.toString(), "--temp", "0", "-n", "16",
                "", "--format", "json");
        assertEquals(0, generated.exitCode(), generated.toString());
        assertEquals(last.get("sample_tokens"), JSON.readTree(generated.stdout()).get("tokens"));
        CliRunner.Result inspected = CliRunner.cli().run("inspect", "-m", out.toString(), "--format", "json");
        assertEquals(0, inspected.exitCode(), inspected.toString());
        assertEquals("F32", JSON.readTree(inspected.stdout()).get("summary").get("file_type").asText());
    }

    private static String[] withThreads(String[] args, String threads) {
        String[] out = new String[args.length + 2];
        System.arraycopy(args, 0, out, 0, args.length);
        out[args.length] = "-t";
        out[args.length + 1] = threads;
        return out;
    }

    @Test
    void randomInitTrainsANewModelThatLlmxLoads() throws IOException {
        Path text = slice(0, 20000, "small.txt");
        Path out = dir.resolve("new.gguf");
        CliRunner.Result r = CliRunner.cli().run("train", "-f", text.toString(), "--init", "random", "--dim", "32",
                "--layers", "2", "--heads", "4", "--kv-heads", "2", "--ffn", "48", "-c", "32", "-b", "4", "--steps",
                "20", "--lr", "1e-2", "-o", out.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode summary = JSON.readTree(r.stdout());
        assertEquals(32, summary.get("d_model").asInt());
        assertTrue(summary.get("final_val_loss").asDouble() < summary.get("initial_val_loss").asDouble());
        // A random model starts near ln(vocabulary): every token about equally likely.
        assertEquals(Math.log(512), summary.get("initial_val_loss").asDouble(), 0.1);
        CliRunner.Result g = CliRunner.cli().run("generate", "-m", out.toString(), "--temp", "0", "-n", "4", "Once");
        assertEquals(0, g.exitCode(), g.toString());
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        Path tiny = dir.resolve("tiny.txt");
        Files.writeString(tiny, "Once upon a time.");
        CliRunner.Result shortText = CliRunner.cli().run("train", "-f", tiny.toString());
        assertEquals(1, shortText.exitCode());
        assertTrue(shortText.stderr().startsWith("llmx train: the text has ") && lines(shortText.stderr()) == 1,
                shortText.stderr());

        Path text = slice(0, 20000, "small.txt");
        for (String[] bad : new String[][] {{"--optimizer", "lion"}, {"--lr", "0"}, {"--lr", "-1"}, {"--lr", "NaN"},
                {"-c", "2"}, {"--val-fraction", "1"}}) {
            List<String> args = new ArrayList<>(List.of("train", "-f", text.toString()));
            args.addAll(List.of(bad));
            CliRunner.Result r = CliRunner.cli().run(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), String.join(" ", bad) + ": " + r);
            assertTrue(r.stderr().startsWith("llmx train: ") && lines(r.stderr()) == 1, r.stderr());
        }
        CliRunner.Result missing = CliRunner.cli().run("train", "-f", dir.resolve("absent.txt").toString());
        assertEquals(1, missing.exitCode());
        // A batch whose activations cannot fit is refused before anything is allocated, not an OutOfMemoryError.
        CliRunner.Result huge = CliRunner.cli().run("train", "-f", text.toString(), "-c", "4096", "-b", "4096",
                "--val-file", text.toString());
        assertTrue(huge.exitCode() == 1 && huge.stderr().startsWith("llmx train: ") && lines(huge.stderr()) == 1,
                huge.toString());
        assertTrue(huge.stderr().contains("lower -b or -c"), huge.stderr());
    }

    @Test
    void aLossThatBlowsUpStopsNamingTheStepAndTensorAndKeepsTheLastCheckpoint() throws IOException {
        Path text = slice(0, 20000, "small.txt");
        Path out = dir.resolve("kept.gguf");
        Files.writeString(out, "the last good checkpoint");
        CliRunner.Result r = CliRunner.cli().run("train", "-f", text.toString(), "-c", "32", "-b", "2", "--steps",
                "50", "--optimizer", "sgd", "--lr", "1e12", "--warmup", "0", "--clip", "0", "-o", out.toString(),
                "--format", "json");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().matches("llmx train: step \\d+: the (gradient of blk\\.\\d+\\.\\w+\\.weight is not finite"
                + "|loss is \\S+ \\(.*(token_embd|output|blk\\.\\d+\\.\\w+)\\.weight (jumped|holds)).*\\n"), r.stderr());
        assertEquals("the last good checkpoint", Files.readString(out));
        JsonNode summary = JSON.readTree(r.stdout());
        assertEquals("not_finite", summary.get("stop_reason").asText());
        assertNotNull(summary.get("failure").asText());
    }

    @Test
    void toyOptimizersReachTheMinimumOfTheRavine() throws IOException {
        Path png = dir.resolve("ravine.png");
        CliRunner.Result r = CliRunner.cli().run("train", "--toy", "ravine", "--png", png.toString(), "--format",
                "json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode toy = JSON.readTree(r.stdout());
        assertEquals(3, toy.get("optimizers").size());
        for (JsonNode o : toy.get("optimizers")) {
            assertTrue(o.get("final_loss").asDouble() < 0.05 * 4.05 + 1e-9 || o.get("optimizer").asText().equals("sgd"),
                    o.get("optimizer") + " " + o.get("final_loss"));
            assertEquals(o.get("steps").asInt() + 1, o.get("path").size());
        }
        byte[] magic = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(magic, 4));
        CliRunner.Result table = CliRunner.cli().run("train", "--toy", "rosenbrock");
        assertEquals(0, table.exitCode());
        assertTrue(table.stdout().contains("momentum"), table.stdout());
        CliRunner.Result bad = CliRunner.cli().run("train", "--toy", "donut");
        assertEquals(2, bad.exitCode());
        assertFalse(bad.stderr().contains("Exception"));
    }

    @Test
    void preferenceTuningRaisesTheMarginAgainstAFrozenReference() throws IOException {
        Path out = dir.resolve("preferred.gguf");
        CliRunner.Result r = CliRunner.cli().run("train", "--dpo", "examples/dpo-pairs.jsonl", "--steps", "30", "-b",
                "4", "-o", out.toString(), "--format", "jsonl");
        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> records = lines(r);
        JsonNode summary = records.get(records.size() - 1);
        assertEquals("dpo_summary", summary.get("record").asText());
        assertEquals(Math.log(2), summary.get("initial_loss").asDouble(), 1e-6, "policy = reference at the start");
        assertEquals(0, summary.get("initial_margin").asDouble(), 1e-6);
        assertTrue(summary.get("final_margin").asDouble() > 1, summary.toString());
        assertEquals(1.0, summary.get("final_accuracy").asDouble());
        assertEquals(30, records.size() - 1);
        assertTrue(records.get(29).get("margin").asDouble() > records.get(0).get("margin").asDouble());
        CliRunner.Result g = CliRunner.cli().run("generate", "-m", out.toString(), "--temp", "0", "-n", "3",
                "Once upon a time, there was a little girl named", "--format", "json");
        assertEquals(" Sue", JSON.readTree(g.stdout()).get("text").asText(), "the preferred name");

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"Once\", \"chosen\": \" upon\"}\n");
        CliRunner.Result missing = CliRunner.cli().run("train", "--dpo", bad.toString());
        assertEquals(1, missing.exitCode());
        assertEquals("llmx train: bad.jsonl line 1: needs string fields \"prompt\", \"chosen\" and \"rejected\"",
                missing.stderr().strip());
    }

    @Test
    void supervisedFineTuningCountsOnlyAssistantTokens() throws IOException {
        CliRunner.Result r = CliRunner.cli().run("train", "--sft", "examples/sft-conversations.jsonl",
                "--chat-template", "examples/chatml.jinja", "--steps", "30", "-b", "4", "--eval-every", "10",
                "--format", "json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode summary = JSON.readTree(r.stdout());
        assertTrue(summary.get("final_val_loss").asDouble() < 0.3 * summary.get("initial_val_loss").asDouble(),
                summary.get("initial_val_loss") + " → " + summary.get("final_val_loss"));
        JsonNode sft = summary.get("sft");
        assertEquals(10, sft.get("conversations").asInt());
        // The mask of the first conversation: exactly the assistant's turn, as the template renders it.
        String example = sft.get("mask_example").asText();
        assertEquals("<|im_start|>user\nWhat did Lily find?<|im_end|>\n⟦<|im_start|>assistant\nLily found a red ball "
                + "in the park.<|im_end|>\n⟧", example.strip());
        int inLoss = 0;
        for (JsonNode t : sft.get("mask_tokens")) {
            inLoss += t.get("in_loss").asBoolean() ? 1 : 0;
        }
        assertTrue(inLoss > 10 && inLoss < sft.get("mask_tokens").size() - 10, "some tokens masked, some not");

        CliRunner.Result noTemplate = CliRunner.cli().run("train", "--sft", "examples/sft-conversations.jsonl");
        assertEquals(1, noTemplate.exitCode());
        assertTrue(noTemplate.stderr().startsWith("llmx train: ") && noTemplate.stderr().contains("chat template"),
                noTemplate.stderr());
    }

    @Test
    void explainTakesOneStepApart() throws IOException {
        CliRunner.Result r = CliRunner.cli().run("train", "--explain", "Once upon a time there was a little",
                "--optimizer", "adam", "--lr", "0.01", "--format", "json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode e = JSON.readTree(r.stdout());
        JsonNode positions = e.get("positions");
        double mean = 0;
        for (JsonNode p : positions) {
            mean += p.get("loss").asDouble() / positions.size();
        }
        assertEquals(e.get("loss").asDouble(), mean, 1e-5, "the loss is the mean of the positions' losses");
        JsonNode grads = e.get("gradients");
        assertEquals(2 + 5 * 9 + 1, grads.size(), "every tensor of stories260K once");
        assertEquals("output.weight", grads.get(0).get("tensor").asText(), "the backward pass starts at the output");
        assertEquals("token_embd.weight", grads.get(grads.size() - 1).get("tensor").asText());
        for (JsonNode w : e.get("weights")) {
            // Adam's first step moves each weight by lr against its gradient's sign, whatever the gradient's size.
            double g = w.get("gradient").asDouble();
            assertEquals(-0.01 * Math.signum(g), w.get("update").asDouble(), 1e-4, w.toString());
            assertEquals(0.1 * g, w.get("m").asDouble(), 1e-6 + 1e-4 * Math.abs(g));
        }
    }

    private static long lines(String s) {
        return s.lines().count();
    }
}
