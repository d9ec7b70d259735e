package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code llmx bench} on the embedded model with tiny sizes, in-process. Never asserts a speed. */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRunner.Result ok(String... args) {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static List<JsonNode> jsonRows(String... args) throws Exception {
        // No warm-up (a second per row): the tests check the rows, not the speed.
        String[] all = new String[args.length + 4];
        all[0] = "bench";
        all[1] = "--format";
        all[2] = "json";
        all[3] = "--no-warmup";
        System.arraycopy(args, 0, all, 4, args.length);
        JsonNode array = JSON.readTree(ok(all).stdout());
        assertTrue(array.isArray(), array::toString);
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }

    private static List<String> tests(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("test").asText() + "@" + r.get("threads").asInt()).toList();
    }

    @Test
    void theTableHasOneRowPerTestInLlamaBenchsColumnsAfterTheWarmUp() {
        CliRunner.Result r = ok("bench", "-p", "8", "-n", "4", "-r", "2", "-t", "1");
        List<String> lines = r.stdout().lines().toList();
        assertEquals(3, lines.size(), r.stdout());
        assertTrue(lines.get(0).matches("model +size +params +kernels +threads +test +t/s"), lines.get(0));
        for (int i = 1; i < 3; i++) {
            assertTrue(lines.get(i).matches("stories260K\\.gguf +1\\.12 MiB +293K +scalar +1 +"
                    + (i == 1 ? "pp8" : "tg4") + " +\\d+\\.\\d\\d ± \\d+\\.\\d\\d"), lines.get(i));
        }
        assertEquals("", r.stderr(), "no progress bar off a terminal");
    }

    @Test
    void everyCombinationIsARowAndItsNumbersAgree() throws Exception {
        List<JsonNode> rows = jsonRows("-p", "8,16", "-n", "4", "-r", "3", "-t", "1,2");
        assertEquals(List.of("pp8@1", "pp16@1", "tg4@1", "pp8@2", "pp16@2", "tg4@2"), tests(rows));
        for (JsonNode row : rows) {
            List<String> keys = new ArrayList<>();
            row.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("model", "model_size_bytes", "params", "kernels", "threads", "type_k", "type_v",
                    "test", "n_prompt",
                    "n_gen", "repetitions", "samples_ns", "avg_ns", "avg_tokens_per_s", "stddev_tokens_per_s"), keys);
            assertEquals("stories260K.gguf", row.get("model").asText());
            assertEquals("scalar", row.get("kernels").asText(), "the embedded model runs on the scalar kernels");
            int tokens = row.get("n_prompt").asInt() + row.get("n_gen").asInt();
            assertEquals(row.get("test").asText().startsWith("pp") ? "pp" + tokens : "tg" + tokens,
                    row.get("test").asText());
            assertEquals(3, row.get("repetitions").asInt());
            JsonNode samples = row.get("samples_ns");
            assertEquals(3, samples.size());
            double sumNs = 0;
            double sumRates = 0;
            for (JsonNode s : samples) {
                assertTrue(s.asLong() > 0, row::toString);
                sumNs += s.asLong();
                sumRates += tokens * 1e9 / s.asLong();
            }
            assertEquals(Math.round(sumNs / 3), row.get("avg_ns").asLong());
            double avgRate = row.get("avg_tokens_per_s").asDouble();
            assertEquals(sumRates / 3, avgRate, avgRate * 1e-9, "the mean of the repetitions' rates");
            // The mean of the rates is at least the rate of the mean time (1/x is convex): ≈ tokens / avg_ns.
            assertTrue(avgRate >= tokens * 1e9 / row.get("avg_ns").asDouble() * (1 - 1e-9), row::toString);
            assertTrue(row.get("stddev_tokens_per_s").asDouble() >= 0, row::toString);
        }
        JsonNode first = rows.get(0);
        assertEquals(1_171_200, first.get("model_size_bytes").asLong(), "the tensors' bytes, not the file's");
        assertEquals(292_800, first.get("params").asLong());
    }

    @Test
    void zeroSkipsATestKindAndRowsStreamAsJsonlAndCsv() throws Exception {
        List<JsonNode> rows = jsonRows("-p", "0", "-n", "2,4", "-r", "1", "-t", "1");
        assertEquals(List.of("tg2@1", "tg4@1"), tests(rows));
        assertEquals(0.0, rows.get(0).get("stddev_tokens_per_s").asDouble(), "one repetition has no spread");

        List<String> jsonl = ok("bench", "-p", "4", "-n", "0", "-r", "2", "-t", "1,2", "--format", "jsonl",
                "--no-warmup").stdout().lines().toList();
        assertEquals(2, jsonl.size());
        for (String line : jsonl) {
            JsonNode row = JSON.readTree(line);
            assertEquals("pp4", row.get("test").asText());
            assertEquals(2, row.get("samples_ns").size());
        }

        List<String> csv = ok("bench", "-p", "4", "-n", "2", "-r", "2", "-t", "1", "--format", "csv", "--no-warmup")
                .stdout().lines().toList();
        assertEquals(3, csv.size(), csv::toString);
        assertEquals("model,model_size_bytes,params,kernels,threads,type_k,type_v,test,n_prompt,n_gen,repetitions,"
                + "samples_ns,avg_ns,avg_tokens_per_s,stddev_tokens_per_s", csv.get(0));
        assertTrue(csv.get(1).matches("stories260K\\.gguf,1171200,292800,scalar,1,f16,f16,pp4,4,0,2,\\d+ \\d+,\\d+,"
                + "[0-9.E]+,"
                + "[0-9.E]+"), csv.get(1));
        assertTrue(csv.get(2).contains(",tg2,0,2,2,"), csv.get(2));
    }

    @Test
    void markdownIsLlamaBenchsTableAndCacheTypesShowWhenNotTheDefault() {
        List<String> md = ok("bench", "-p", "4", "-n", "2", "-r", "1", "-t", "1", "--format", "md", "--no-warmup")
                .stdout().lines().toList();
        assertEquals(List.of("| model | size | params | kernels | threads | test | t/s |",
                "| --- | ---: | ---: | --- | ---: | ---: | ---: |"), md.subList(0, 2));
        assertEquals(4, md.size(), md::toString);
        assertTrue(md.get(2).matches("\\| stories260K\\.gguf \\| 1\\.12 MiB \\| 293K \\| scalar \\| 1 \\| pp4 \\| "
                + "\\d+\\.\\d\\d ± \\d+\\.\\d\\d \\|"), md.get(2));
        assertTrue(md.get(3).contains("| tg2 |"), md.get(3));

        List<String> table = ok("bench", "-p", "4", "-n", "0", "-r", "1", "-t", "1", "-ctk", "bf16", "-ctv", "f32",
                "--no-warmup").stdout().lines().toList();
        assertTrue(table.get(0).matches("model +size +params +kernels +threads +type_k +type_v +test +t/s"),
                table.get(0));
        assertTrue(table.get(1).matches("stories260K\\.gguf +1\\.12 MiB +293K +scalar +1 +bf16 +f32 +pp4 +[0-9.]+ ± [0-9.]+"),
                table.get(1));
        assertEquals(table.get(0).indexOf("t/s") + 3, table.get(1).length(), "the rate is aligned under its header");
    }

    @Test
    void aCacheTypeTheModelCannotHoldIsRefusedBeforeAnyOutput() {
        CliRunner.Result r = CliRunner.cli().run("bench", "-p", "4", "-n", "0", "-ctk", "q8_0", "--format", "json");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("", r.stdout());
        assertTrue(r.stderr().startsWith("llmx bench: a q8_0 cache of keys needs a head dimension that is a multiple"
                + " of 32; this model's is 8"), r.stderr());
        CliRunner.Result bad = CliRunner.cli().run("bench", "-ctv", "q6_k");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().startsWith("llmx bench: --cache-type-v: q6_k cannot hold a KV cache"), bad.stderr());
    }

    @Test
    void bothKernelSetsInOneRun() throws Exception {
        assumeTrue(Kernels.vector().isPresent(), "this JVM or CPU has no Vector API kernels");
        List<JsonNode> rows = jsonRows("-p", "4", "-n", "2", "-r", "1", "-t", "1", "--kernels", "scalar,vector,auto");
        List<String> kernels = rows.stream().map(r -> r.get("kernels").asText() + " " + r.get("test").asText())
                .toList();
        String vector = Kernels.vector().get().description();
        assertEquals(List.of("scalar pp4", "scalar tg2", vector + " pp4", vector + " tg2"), kernels,
                "auto is the scalar set for the embedded model, listed once");
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() {
        String[][] cases = {
            {"-p", "-1"}, {"-n", "-3"}, {"-p", "0", "-n", "0"}, {"-p", "100000"},
            {"-n", "0", "-p", "2049", "--format", "json"},
            {"-n", "4096"}, {"-r", "0"}, {"-t", "0"}, {"--kernels", "simd"}, {"-p", "x"},
        };
        String[] messages = {
            "-p must be 0 or more", "-n must be 0 or more", "-p and -n are both 0",
            "-p 100000 is more than the model's context of 2048 positions", "-p 2049 is more than",
            "-n 4096 is more than the model's context", "-r must be at least 1", "-t must be between 1",
            "unknown kernel set 'simd' (choose auto, scalar or vector)", "'x' is not an int",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "bench";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            CliRunner.Result r = CliRunner.cli().run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals(1, r.stderr().lines().count(), r.stderr());
            assertTrue(r.stderr().startsWith("llmx bench: ") && r.stderr().contains(messages[i]), r.stderr());
            assertEquals("", r.stdout());
        }
    }

    @Test
    void aQuantizedReferenceModel() throws Exception {
        Path model = Refs.require("models/ref-llama-Q4_K_M.gguf");
        List<JsonNode> rows = jsonRows("-m", model.toString(), "-p", "8", "-n", "2", "-r", "1", "-t", "2");
        assertEquals(List.of("pp8@2", "tg2@2"), tests(rows));
        JsonNode row = rows.get(0);
        assertEquals("ref-llama-Q4_K_M.gguf", row.get("model").asText());
        long size = row.get("model_size_bytes").asLong();
        assertTrue(size > 0 && size < Files.size(model), "tensor bytes are within the file: " + size);
        // Q4_K_M stores about 4.5–6 bits per weight (its F32 norms and Q6_K tensors raise the average).
        double bitsPerWeight = 8.0 * size / row.get("params").asLong();
        assertTrue(bitsPerWeight > 4 && bitsPerWeight < 8, "bits per weight " + bitsPerWeight);
    }
}
