package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.gguf.GgufFile;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRunner.Result ok(String... args) {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr(), r::toString);
        return r;
    }

    /** A failure: the exit code, and one line on standard error naming the command. */
    private static String fails(int exitCode, String... args) {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(exitCode, r.exitCode(), r::toString);
        String err = r.stderr().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("llmx quantize:"), err);
        assertEquals("", r.stdout(), r::toString);
        return err;
    }

    private long filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void writesAFileInspectReads() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        Path out = dir.resolve("tiny-q8.gguf");
        String summary = ok("quantize", "-m", in.toString(), "--type", "q8_0", "-o", out.toString()).stdout();
        assertTrue(summary.contains("wrote") && summary.contains("Q8_0"), summary);
        String inspect = ok("inspect", "-m", out.toString()).stdout();
        assertTrue(inspect.contains("file type         Q8_0"), inspect);
    }

    @Test
    void stories260kQ4KmAndItsReport() throws IOException {
        Path in = Refs.require("models/stories260K.gguf");
        Path out = dir.resolve("s-q4km.gguf");
        JsonNode root = JSON.readTree(ok("quantize", "-m", in.toString(), "--type", "Q4_K_M", "-o", out.toString(),
                "--report", "--compare", "Q8_0,Q4_K_M", "--format", "json").stdout());
        assertEquals("Q4_K_M", root.get("type").asText());
        assertEquals(15, root.get("file_type").asInt());
        assertEquals(48, root.get("tensors").size());
        assertEquals(36, root.get("fallbacks").asInt());
        assertEquals(Files.size(out), root.get("output").get("file_size").asLong());
        assertTrue(root.get("error").get("rmse").asDouble() > 0);
        JsonNode focus = root.get("focus").get(0);
        assertEquals("blk.0.attn_k.weight", focus.get("tensor").asText());
        assertEquals("Q5_0", focus.get("type").asText());
        assertEquals(4, focus.get("excerpt").get("before").size(), "2 rows from each end");
        assertEquals(4, focus.get("excerpt").get("after").get(0).size(), "2 columns from each end");
        assertTrue(focus.get("block").get("formula").asText().contains("d·q"));
        assertEquals(32, focus.get("block").get("codes").size());
        assertEquals(16, focus.get("error_histogram").size());
        assertEquals(2, root.get("compare").size());
        JsonNode q8 = root.get("compare").get(0);
        assertEquals("Q8_0", q8.get("type").asText());
        assertTrue(q8.get("error").get("rmse").asDouble() < root.get("compare").get(1).get("error").get("rmse").asDouble(),
                "8 bits lose less than 4");
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(15, f.metadata().getLong("general.file_type").orElseThrow());
        }
    }

    @Test
    void withoutOutputNothingIsWritten() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        JsonNode root = JSON.readTree(ok("quantize", "-m", in.toString(), "--compare", "none", "--format", "json")
                .stdout());
        assertTrue(root.get("output").isNull());
        assertEquals("Q4_K_M", root.get("type").asText(), "the report's default type");
        assertEquals(0, root.get("compare").size());
        assertEquals(1, filesIn(dir));
    }

    @Test
    void csvIsTheTensorTable() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        String csv = ok("quantize", "-m", in.toString(), "--type", "Q6_K", "--compare", "none", "--format", "csv")
                .stdout();
        assertTrue(csv.startsWith("name,shape,source_type,type,source_bytes,bytes,bits_per_weight,rmse,"), csv);
        assertTrue(csv.contains("blk.0.attn_q.weight,256x256,F32,Q6_K,"), csv);
    }

    @Test
    void anUnknownTypeListsTheValidOnes() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        String err = fails(2, "quantize", "-m", in.toString(), "--type", "Q4_KM", "-o", dir.resolve("x.gguf").toString());
        assertTrue(err.contains("valid types") && err.contains("Q4_K_M") && err.contains("IQ4_XS"), err);
        assertEquals(1, filesIn(dir));
    }

    @Test
    void anOutputInAMissingFolderFailsCleanly() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        String err = fails(1, "quantize", "-m", in.toString(), "--type", "Q8_0", "-o",
                dir.resolve("missing/out.gguf").toString());
        assertTrue(err.contains("does not exist"), err);
    }

    @Test
    void theInputIsNotOverwritten() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        byte[] before = Files.readAllBytes(in);
        String err = fails(1, "quantize", "-m", in.toString(), "--type", "Q8_0", "-o", in.toString());
        assertTrue(err.contains("refusing to overwrite the input"), err);
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void aFullDiskIsOneLineAndLeavesNothing() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full) && !Files.isRegularFile(full), "/dev/full is not available");
        Path in = TestModels.writeTinyF32Llama(dir);
        String err = fails(1, "quantize", "-m", in.toString(), "--type", "Q8_0", "-o", full.toString());
        assertTrue(err.contains("No space left on device"), err);
        assertFalse(Files.isRegularFile(full), "/dev/full is still the device");
        try (Stream<Path> s = Files.list(Path.of("/dev"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".full.")), "no temporary file");
        }
    }

    @Test
    void usageMistakesExitWithTwo() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        assertTrue(fails(2, "quantize", "-m", in.toString(), "-o", dir.resolve("x.gguf").toString()).contains("--type"));
        assertTrue(fails(2, "quantize", "-m", in.toString(), "--report").contains("-o"));
        assertTrue(fails(2, "quantize", "-m", in.toString(), "--threads", "0").contains("--threads"));
    }

    @Test
    void withoutAModelItQuantizesTheEmbeddedOne() {
        String out = ok("quantize", "--type", "Q8_0", "--compare", "none").stdout();
        assertTrue(out.contains("stories260K"), out);
    }

    @Test
    void anUnknownTensorIsNamed() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        String err = fails(1, "quantize", "-m", in.toString(), "--tensor", "attn_q", "--compare", "none");
        assertTrue(err.contains("no tensor named 'attn_q'") && err.contains("blk.0.attn_q.weight"), err);
    }

    @Test
    void aQuantizedInputNeedsAllowRequantize() throws IOException {
        Path in = TestModels.writeTinyF32Llama(dir);
        Path q8 = dir.resolve("q8.gguf");
        ok("quantize", "-m", in.toString(), "--type", "Q8_0", "-o", q8.toString());
        String err = fails(1, "quantize", "-m", q8.toString(), "--type", "Q4_0", "-o", dir.resolve("q4.gguf").toString());
        assertTrue(err.contains("--allow-requantize"), err);
        ok("quantize", "-m", q8.toString(), "--type", "Q4_0", "-o", dir.resolve("q4.gguf").toString(),
                "--allow-requantize");
    }
}
