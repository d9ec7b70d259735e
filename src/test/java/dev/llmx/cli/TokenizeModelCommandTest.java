package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.llmx.testing.CliRunner.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx tokenize -m MODEL}: a model's own tokenizer through the whole command. */
class TokenizeModelCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String gguf() {
        return Refs.require("models/stories260K.gguf").toString();
    }

    private static String hfFolder() {
        return Refs.require("models/stories260K-hf").toString();
    }

    @Test
    void modelTokenizerAddsBosUnlessNoSpecial() throws Exception {
        JsonNode withBos = json(cli().run("tokenize", "-m", gguf(), "--format", "json", "Once upon a time"));
        assertEquals("stories260K.gguf", withBos.get("tokenizer").asText());
        assertEquals(1, withBos.get("ids").get(0).asInt(), "BOS first, as llama.cpp adds it");
        JsonNode bos = withBos.get("tokens").get(0);
        assertEquals("<s>", bos.get("piece").asText());
        assertTrue(bos.get("special").asBoolean());
        assertEquals(0, bos.get("start").asInt());
        assertEquals(0, bos.get("end").asInt());
        JsonNode once = withBos.get("tokens").get(1);
        assertEquals(" Once", once.get("piece").asText(), "▁ shows as the space it stands for");
        assertEquals(0, once.get("start").asInt(), "the prepended ▁ covers no input");
        assertEquals(4, once.get("end").asInt());

        JsonNode plain = json(cli().run("tokenize", "-m", gguf(), "--no-special", "--format", "json", "Once upon"));
        assertTrue(plain.get("ids").get(0).asInt() != 1);
    }

    @Test
    void ggufAndHuggingFaceFolderAgreeInCompare() throws Exception {
        JsonNode r = json(cli().run("tokenize", "--compare", gguf() + "," + hfFolder() + ",o200k_base", "--format",
                "json", "Once upon a time, Lily saw a 🦋."));
        JsonNode hf = r.get("tokenizers").get(1);
        assertEquals("stories260K-hf", hf.get("tokenizer").asText());
        assertTrue(hf.get("same_ids_as_first").asBoolean());
        assertEquals(0, hf.get("differing").size());
        JsonNode o200k = r.get("tokenizers").get(2);
        assertFalse(o200k.get("same_ids_as_first").asBoolean());
        assertTrue(o200k.get("differing").size() > 0, "o200k cuts the butterfly and the BOS differently");
        CliRunner.Result table = cli().run("tokenize", "--compare", gguf() + "," + hfFolder(), "Once upon a time");
        assertTrue(table.stdout().contains("stories260K-hf: 5 of 5 tokens cut where stories260K.gguf cuts (same ids)"),
                table::toString);
    }

    @Test
    void decodeGivesTheTextBack() {
        String text = "Once upon a time,  there was\na 🦙 named Zoë.";
        for (String model : List.of(gguf(), hfFolder())) {
            String ids = cli().run("tokenize", "-m", model, "--no-special", "--format", "json", text).stdout();
            CliRunner.Result decoded = cli().stdin(ids).run("tokenize", "-m", model, "--decode");
            assertEquals(text, decoded.stdout(), model);
        }
        CliRunner.Result withBos = cli().run("tokenize", "-m", gguf(), "--decode", "1", "403");
        assertEquals("<s> Once", withBos.stdout(), "special tokens show unless --no-special");
        assertEquals(" Once", cli().run("tokenize", "-m", gguf(), "--decode", "--no-special", "1", "403").stdout(),
                "llama.cpp keeps the space when a BOS came first");
    }

    @Test
    void countsAndLinesUseTheModelTokenizer() throws Exception {
        CliRunner.Result r = cli().stdin("Once upon a time\nthere was a cat\n").run("tokenize", "-m", hfFolder(),
                "--lines", "--count", "--format", "jsonl");
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertEquals(5, JSON.readTree(lines.get(0)).get("n_tokens").asInt(), "BOS + 4 words");
    }

    @Test
    void parseSpecialTurnsSpecialTextIntoTheToken() throws Exception {
        JsonNode plain = json(cli().run("tokenize", "-m", gguf(), "--no-special", "--format", "json", "</s>"));
        assertTrue(plain.get("ids").size() > 1);
        JsonNode parsed = json(cli().run("tokenize", "-m", gguf(), "--no-special", "--parse-special", "--format",
                "json", "</s>"));
        assertEquals(1, parsed.get("ids").size());
        assertEquals(2, parsed.get("ids").get(0).asInt());
    }

    @Test
    void errorsNameTheProblem(@TempDir Path dir) throws Exception {
        Path unknownPre = dir.resolve("unknown-pre.gguf");
        new GgufWriter().putString("general.architecture", "gpt2")
                .putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "no-such-pre")
                .put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStrings(List.of("a", "b", "ab"))))
                .put("tokenizer.ggml.merges", GgufValue.array(GgufArray.ofStrings(List.of("a b"))))
                .write(unknownPre);
        Path unigram = dir.resolve("unigram");
        java.nio.file.Files.createDirectories(unigram);
        java.nio.file.Files.writeString(unigram.resolve("tokenizer.json"),
                "{\"model\": {\"type\": \"Unigram\", \"vocab\": {\"a\": 0}}}");
        Path broken = dir.resolve("broken");
        java.nio.file.Files.createDirectories(broken);
        java.nio.file.Files.writeString(broken.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", "
                + "\"vocab\": {\"a\": -3}, \"merges\": []}}");
        Path notJson = dir.resolve("notjson");
        java.nio.file.Files.createDirectories(notJson);
        java.nio.file.Files.writeString(notJson.resolve("tokenizer.json"), "{oops");
        Path noTokenizer = dir.resolve("weights-only.gguf");
        new GgufWriter().putString("general.architecture", "llama").write(noTokenizer);
        Object[][] cases = {
            {1, "unknown pre-tokenizer type 'no-such-pre'", new String[] {"tokenize", "-m", unknownPre.toString(), "x"}},
            {1, "no tokenizer", new String[] {"tokenize", "-m", noTokenizer.toString(), "x"}},
            {1, "no such file", new String[] {"tokenize", "-m", dir.resolve("missing.gguf").toString(), "x"}},
            {1, "model type 'Unigram' is not supported", new String[] {"tokenize", "-m", unigram.toString(), "x"}},
            {1, "token 'a' has no valid id", new String[] {"tokenize", "-m", broken.toString(), "x"}},
            {1, "cannot read tokenizer.json", new String[] {"tokenize", "-m", notJson.toString(), "x"}},
            {1, "has no tokenizer.json", new String[] {"tokenize", "-m", dir.toString(), "x"}},
            {2, "either -m", new String[] {"tokenize", "-m", gguf(), "-e", "o200k_base", "x"}},
            {2, "list the model path in --compare", new String[] {"tokenize", "-m", gguf(), "--compare",
                "o200k_base,cl100k_base", "x"}},
            {2, "unknown encoding 'nope'", new String[] {"tokenize", "--compare", "o200k_base,nope", "x"}},
            {1, "token id 600 is not in stories260K.gguf", new String[] {"tokenize", "-m", gguf(), "--decode", "600"}},
        };
        for (Object[] c : cases) {
            CliRunner.Result r = cli().run((String[]) c[2]);
            String what = String.join(" ", (String[]) c[2]) + " -> " + r;
            assertEquals(c[0], r.exitCode(), what);
            assertEquals(1, r.stderr().lines().count(), what);
            assertTrue(r.stderr().contains((String) c[1]), what);
            assertEquals("", r.stdout(), what);
        }
    }

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(r.stdout());
    }
}
