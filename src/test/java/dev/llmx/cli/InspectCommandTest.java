package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRunner.Result ok(String... args) {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr(), r::toString);
        return r;
    }

    private static JsonNode json(String... args) throws IOException {
        return JSON.readTree(ok(args).stdout());
    }

    @Test
    void q4KmFileShowsItsMixOfTypes() throws IOException {
        Path model = Refs.require("models/ref-llama-Q4_K_M.gguf");
        String table = ok("inspect", "-m", model.toString()).stdout();
        assertTrue(table.contains("Q4_K_M"), table);
        assertTrue(table.contains("blk.2.ffn_down.weight     Q6_K"), table);
        assertTrue(table.contains("blk.0.ffn_down.weight     Q4_K"), table);

        JsonNode root = json("inspect", "-m", model.toString(), "--format", "json");
        assertEquals("gguf", root.get("format").asText());
        JsonNode s = root.get("summary");
        assertEquals("llama", s.get("architecture").asText());
        assertEquals("Q4_K_M", s.get("file_type").asText());
        assertEquals(4, s.get("n_layers").asInt());
        assertEquals(2, s.get("n_kv_heads").asInt());
        assertEquals("interleaved", s.get("rope").get("layout").asText());
        assertTrue(s.get("tied_embeddings").asBoolean());
        Map<String, Integer> types = new HashMap<>();
        root.get("types").forEach(t -> types.put(t.get("type").asText(), t.get("tensors").asInt()));
        assertEquals(Map.of("Q4_K", 24, "Q6_K", 5, "F32", 9), types);
        assertEquals(38, root.get("tensors").size());
        long elements = 0;
        for (JsonNode t : root.get("tensors")) {
            elements += t.get("elements").asLong();
        }
        assertEquals(s.get("parameters").asLong(), elements);
        JsonNode tokens = find(root.get("metadata"), "tokenizer.ggml.tokens");
        assertEquals(32000, tokens.get("length").asInt());
        assertTrue(tokens.get("truncated").asBoolean());
        assertEquals(16, tokens.get("value").size());
    }

    @Test
    void everyReferenceGgufInspects() throws IOException {
        Path root = Refs.require("models");
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("models", "quant", "tokenizer/llama.cpp-vocab")) {
            Path d = Refs.ROOT.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.toString().endsWith(".gguf")).forEach(files::add);
                }
            }
        }
        assertTrue(files.size() >= 9, "found " + files + " under " + root.getParent());
        for (Path f : files) {
            JsonNode j = json("inspect", "-m", f.toString(), "--format", "json");
            assertEquals("gguf", j.get("format").asText(), f.toString());
        }
    }

    @Test
    void huggingFaceFolderInspects() throws IOException {
        Path folder = Refs.require("models/stories260K-hf");
        JsonNode root = json("inspect", "-m", folder.toString(), "--format", "json");
        assertEquals("safetensors", root.get("format").asText());
        assertEquals("halves", root.get("summary").get("rope").get("layout").asText());
        assertEquals("BPE", root.get("summary").get("tokenizer").asText());
        JsonNode q = root.get("tensors").get(10);
        assertTrue(q.get("source_name").asText().startsWith("model.layers."), q.toString());
        String table = ok("inspect", "-m", folder.toString()).stdout();
        assertTrue(table.contains("model.layers.0.self_attn.q_proj.weight"), table);
    }

    @Test
    void smallFileWithoutReferenceData() throws IOException {
        Path model = TestModels.writeSmallGguf(dir);
        String table = ok("inspect", "-m", model.toString()).stdout();
        for (String expected : List.of("small test model", "token_embd.weight", "Q8_0", "[a, bb, ccc]", "18446744073709551615")) {
            assertTrue(table.contains(expected), expected + " in\n" + table);
        }
        JsonNode root = json("inspect", "-m", model.toString(), "--format", "json");
        assertEquals("18446744073709551615", find(root.get("metadata"), "test.u64").get("value").asText());
        assertEquals("[[1,2],[3]]", find(root.get("metadata"), "test.nested").get("value").toString());
        assertEquals("[\"ffn_size\",\"norm_eps\"]", root.get("summary").get("missing").toString());
        assertEquals(3, root.get("summary").get("vocab_size").asInt(), "from the token list");
    }

    @Test
    void csvIsTheTensorTableAndGlobFilters() throws IOException {
        Path model = TestModels.writeSmallGguf(dir);
        String csv = ok("inspect", "-m", model.toString(), "--format", "csv").stdout();
        List<String> lines = csv.lines().toList();
        assertEquals("name,source_name,type,shape,elements,bytes,bits_per_weight,offset,file", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(2).startsWith("blk.0.attn_q.weight,blk.0.attn_q.weight,Q8_0,32x16,512,544,8.5,"), lines.get(2));
        String filtered = ok("inspect", "-m", model.toString(), "--format", "csv", "--tensors", "*.weight").stdout();
        assertEquals(4, filtered.lines().count());
        filtered = ok("inspect", "-m", model.toString(), "--format", "csv", "--tensors", "blk.?.*").stdout();
        assertEquals(2, filtered.lines().count());
        CliRunner.Result none = CliRunner.cli().run("inspect", "-m", model.toString(), "--tensors", "nothing*");
        assertEquals(0, none.exitCode());
        assertTrue(none.stderr().contains("no tensor name matches"), none.stderr());
    }

    @Test
    void tensorStatisticsAndHistogram() throws IOException {
        Path model = TestModels.writeSmallGguf(dir);
        JsonNode root = json("inspect", "-m", model.toString(), "--tensor", "token_embd.weight", "--format", "json",
                "--bins", "4");
        JsonNode s = root.get("stats");
        assertEquals(-1.875, s.get("min").asDouble());
        assertEquals(1.875, s.get("max").asDouble());
        assertEquals(0.0, s.get("mean").asDouble(), 1e-12);
        long counted = 0;
        for (JsonNode bin : root.get("histogram")) {
            counted += bin.get("count").asLong();
        }
        assertEquals(4, root.get("histogram").size());
        assertEquals(16, counted);
        assertEquals(8, root.get("first_values").size(), "the start of the first row");
        String table = ok("inspect", "-m", model.toString(), "--tensor", "token_embd.weight").stdout();
        assertTrue(table.contains("Histogram") && table.contains("std"), table);
    }

    @Test
    void dumpWritesLittleEndianFloatsAtomically() throws IOException {
        Path model = Refs.require("models/ref-qwen3-Q6_K.gguf");
        Path out = dir.resolve("out").resolve("q.f32");
        Files.createDirectories(out.getParent());
        JsonNode report = json("inspect", "-m", model.toString(), "--tensor", "blk.0.attn_q.weight", "--dump", out.toString(),
                "--format", "json");
        assertEquals(65536 * 4, report.get("bytes").asLong());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(65536 * 4, bytes.capacity());
        try (GgufFile f = GgufFile.open(model)) {
            Tensor t = f.tensor("blk.0.attn_q.weight");
            for (long r = 0; r < t.rows(); r++) {
                float[] row = t.dequantizeRow(r);
                float[] dumped = new float[row.length];
                bytes.asFloatBuffer().position((int) r * row.length).get(dumped);
                assertArrayEquals(row, dumped, "row " + r);
            }
        }
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList(), "no temporary file left next to the dump");
        }
    }

    @Test
    void usageAndDataErrors() throws IOException {
        Path model = TestModels.writeSmallGguf(dir);
        assertTrue(ok("inspect", "--help").stdout().contains("--tensor=NAME"));
        CliRunner.Result embedded = CliRunner.cli().run("inspect");
        assertEquals(0, embedded.exitCode(), embedded::toString);
        assertTrue(embedded.stdout().startsWith("stories260K"), "without -m: the embedded model");

        CliRunner.Result dumpAlone = CliRunner.cli().run("inspect", "-m", model.toString(), "--dump", "x.f32");
        assertEquals(2, dumpAlone.exitCode());

        CliRunner.Result noFolder = CliRunner.cli().run("inspect", "-m", model.toString(), "--tensor", "token_embd.weight",
                "--dump", dir.resolve("no/such/dir/x.f32").toString());
        assertEquals(1, noFolder.exitCode());
        assertTrue(noFolder.stderr().contains("does not exist"), noFolder.stderr());

        CliRunner.Result missing = CliRunner.cli().run("inspect", "-m", dir.resolve("nope.gguf").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("no such file"), missing.stderr());

        CliRunner.Result unknown = CliRunner.cli().run("inspect", "-m", model.toString(), "--tensor", "attn_q");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("did you mean blk.0.attn_q.weight"), unknown.stderr());

        Path iq = dir.resolve("iq2.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addTensor("blk.0.ffn_down.weight", GgmlType.IQ2_XXS, new long[] {256, 2},
                        GgufWriter.TensorSource.of(ByteBuffer.allocate(2 * 66)))
                .write(iq);
        String listing = ok("inspect", "-m", iq.toString()).stdout();
        assertTrue(listing.contains("IQ2_XXS*"), listing);
        CliRunner.Result unsupported = CliRunner.cli().run("inspect", "-m", iq.toString(), "--tensor", "blk.0.ffn_down.weight");
        assertEquals(1, unsupported.exitCode());
        assertEquals("llmx inspect: tensor type IQ2_XXS is not supported yet (tensor 'blk.0.ffn_down.weight')\n",
                unsupported.stderr());
        assertFalse(unsupported.stderr().contains("Exception"));
    }

    private static JsonNode find(JsonNode metadata, String key) {
        for (JsonNode e : metadata) {
            if (e.get("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no metadata key " + key);
    }
}
