package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.JtokkitReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.llmx.testing.CliRunner.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx tokenize} end to end through the command line, checked against jtokkit. */
class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Text that trips tokenizers and offset arithmetic. */
    static final List<String> TRICKY = List.of(
            "Hello world",
            "family 👨‍👩‍👧‍👦 and 👍🏽 thumbs",
            "日本語のテキストと中文字符，한국어",
            "e\u0301te\u0301 Z̴̡̛a̷l̶g̸o̵ combining",
            "line one\r\nline two\r\n\r\n",
            "spaces" + " ".repeat(40) + "end\t\t\ttabs\n\n\n",
            "I'M DON'T they'll we've 12345678 3.14159",
            "<|endoftext|> is text here",
            "");

    @ParameterizedTest
    @ValueSource(strings = {"r50k_base", "p50k_base", "cl100k_base", "o200k_base"})
    void idsPiecesAndOffsetsMatchJtokkit(String encoding) throws IOException {
        for (String text : TRICKY) {
            CliRunner.Result r = cli().stdin(text).run("tokenize", "-e", encoding, "--format", "json");
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode doc = JSON.readTree(r.stdout());
            int[] expected = JtokkitReference.ids(encoding, text);
            assertArrayEquals(expected, ints(doc.get("ids")), () -> encoding + " ids of " + text);
            assertEquals(encoding, doc.get("tokenizer").asText());
            assertEquals(expected.length, doc.get("n_tokens").asInt());
            assertEquals(text.codePointCount(0, text.length()), doc.get("n_chars").asInt());
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, doc.get("n_bytes").asInt());

            // Every token's bytes are jtokkit's; together they are the input; offsets are monotone and cover it.
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int previousStart = 0;
            int i = 0;
            for (JsonNode token : doc.get("tokens")) {
                byte[] bytes = bytes(token.get("bytes"));
                assertArrayEquals(JtokkitReference.bytes(encoding, expected[i]), bytes);
                all.writeBytes(bytes);
                int start = token.get("start").asInt();
                int end = token.get("end").asInt();
                assertTrue(start >= previousStart && end >= start, "offsets of token " + i + " in " + text);
                String piece = token.get("piece").asText();
                assertEquals(new String(bytes, StandardCharsets.UTF_8), piece);
                if (dev.llmx.render.Visible.decodeStrict(bytes) != null) {
                    // A whole-character token's span is exactly its text.
                    assertEquals(piece, substringByCodePoints(text, start, end));
                }
                previousStart = start;
                i++;
            }
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), all.toByteArray());
            if (expected.length > 0) {
                assertEquals(text.codePointCount(0, text.length()), doc.get("tokens").get(expected.length - 1)
                        .get("end").asInt());
            }
        }
    }

    @Test
    void partialUtf8TokensCoverTheCharacterTheySplitAndShowAsBytes() throws IOException {
        String text = "🤯";
        CliRunner.Result r = cli().run("tokenize", "-e", "r50k_base", "--format", "json", text);
        JsonNode tokens = JSON.readTree(r.stdout()).get("tokens");
        assertTrue(tokens.size() > 1, "r50k splits this emoji into byte tokens");
        for (JsonNode t : tokens) {
            assertEquals(0, t.get("start").asInt());
            assertEquals(1, t.get("end").asInt());
        }
        String table = cli().run("tokenize", "-e", "r50k_base", text).stdout();
        assertTrue(table.contains("<F0 9F"), table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"r50k_base", "cl100k_base", "o200k_base"})
    void decodeGivesTheInputBackByteForByte(String encoding) {
        for (String text : TRICKY) {
            CliRunner.Result tokens = cli().stdin(text).run("tokenize", "-e", encoding, "--format", "json");
            CliRunner.Result decoded = cli().stdin(tokens.stdoutBytes()).run("tokenize", "-e", encoding, "--decode");
            assertEquals(0, decoded.exitCode(), decoded::toString);
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), decoded.stdoutBytes(), text);
        }
    }

    @Test
    void decodeReadsPlainIdListsAndJsonl() throws IOException {
        assertEquals("Hello world", cli().run("tokenize", "--decode", "13225", "2375").stdout());
        assertEquals("Hello world", cli().stdin("13225, 2375\n").run("tokenize", "--decode").stdout());
        assertEquals("Hello world", cli().stdin("[13225,2375]").run("tokenize", "--decode").stdout());
        CliRunner.Result lines = cli().stdin("{\"ids\":[13225]}\n{\"ids\":[2375]}\n")
                .run("tokenize", "--decode", "--format", "json");
        JsonNode docs = JSON.readTree(lines.stdout());
        assertEquals(2, docs.size());
        assertEquals(" world", docs.get(1).get("text").asText());
        assertTrue(docs.get(1).get("valid_utf8").asBoolean());
    }

    @Test
    void linesAreTokenizedOneRecordEachWithoutTheirTerminators() throws IOException {
        CliRunner.Result r = cli().stdin("first line\r\nsecond\n\nlast without newline")
                .run("tokenize", "--lines", "--format", "jsonl");
        assertEquals(0, r.exitCode(), r::toString);
        String[] records = r.stdout().split("\n");
        assertEquals(4, records.length);
        JsonNode first = JSON.readTree(records[0]);
        assertEquals(1, first.get("line").asInt());
        assertArrayEquals(JtokkitReference.ids("o200k_base", "first line"), ints(first.get("ids")));
        assertEquals(0, JSON.readTree(records[2]).get("n_tokens").asInt());
        assertEquals("last without newline", JSON.readTree(records[3]).get("tokens").get(0).get("piece").asText()
                + JSON.readTree(records[3]).get("tokens").get(1).get("piece").asText()
                + JSON.readTree(records[3]).get("tokens").get(2).get("piece").asText());
    }

    @Test
    void linesStreamRecordsBeforeTheInputEnds() {
        // The input refuses to go past line 1000 until a record has reached standard output: a command that
        // buffered the whole input (or its output) would fail here.
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        InputStream lazy = new InputStream() {
            private long produced;
            private final byte[] line = "a line of text to count\n".getBytes(StandardCharsets.UTF_8);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (produced >= 20_000L * line.length) {
                    return -1;
                }
                if (produced > 1000L * line.length && stdout.size() == 0) {
                    throw new AssertionError("no output after 1000 lines: --lines is not streaming");
                }
                int n = Math.min(len, line.length);
                for (int i = 0; i < n; i++) {
                    b[off + i] = line[(int) ((produced + i) % line.length)];
                }
                produced += n;
                return n;
            }
        };
        CliRunner.Result r = cli().stdin(lazy).stdout(stdout).run("tokenize", "--lines", "--count", "--format",
                "jsonl");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(20_000, stdout.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void countReportsTokensCharsBytesAndRatio() throws IOException {
        CliRunner.Result r = cli().run("tokenize", "--count", "--format", "json", "-e", "cl100k_base", "Hello 日本");
        JsonNode doc = JSON.readTree(r.stdout());
        assertEquals(JtokkitReference.ids("cl100k_base", "Hello 日本").length, doc.get("n_tokens").asInt());
        assertEquals(8, doc.get("n_chars").asInt());
        assertEquals(12, doc.get("n_bytes").asInt());
        assertEquals(8.0 / doc.get("n_tokens").asInt(), doc.get("chars_per_token").asDouble(), 1e-9);
    }

    @Test
    void countOfSeveralFilesHasARowEachAndATotal(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "one two three");
        Path b = Files.writeString(dir.resolve("b.txt"), "four");
        CliRunner.Result r = cli().run("tokenize", "--count", "-f", a.toString(), b.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(4, lines.size(), r.stdout());
        assertTrue(lines.get(3).contains("total of 2"));
        assertTrue(lines.get(3).contains(" 4 "), "3 + 1 tokens: " + lines.get(3));
        CliRunner.Result csv = cli().run("tokenize", "--count", "--format", "csv", "-f", a.toString(), b.toString());
        assertEquals("tokenizer,source,line,n_tokens,n_chars,n_bytes,chars_per_token", csv.stdout().lines().findFirst()
                .orElseThrow());
        assertEquals(3, csv.stdout().lines().count());
    }

    @Test
    void compareShowsOneTableAndAlignedBoundaries() throws IOException {
        String text = "Tokenizers differ: 日本語 and emoji 🤯!";
        CliRunner.Result r = cli().run("tokenize", "--compare", "cl100k_base,o200k_base", text);
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.get(1).startsWith("tokenizer"), r.stdout());
        assertTrue(lines.get(2).startsWith("cl100k_base"));
        assertTrue(lines.get(3).startsWith("o200k_base"));
        String textLine = lines.stream().filter(l -> l.startsWith("text")).findFirst().orElseThrow();
        int textWidth = dev.llmx.render.DisplayWidth.of(textLine);
        for (String l : lines.subList(lines.indexOf(textLine) + 1, lines.size())) {
            assertEquals(textWidth, dev.llmx.render.DisplayWidth.of(l), "ruler aligned with text: " + l);
        }
        JsonNode json = JSON.readTree(cli().run("tokenize", "--compare", "cl100k_base,o200k_base", "--format",
                "json", text).stdout());
        assertEquals(2, json.get("tokenizers").size());
        assertArrayEquals(JtokkitReference.ids("o200k_base", text), ints(json.get("tokenizers").get(1).get("ids")));
    }

    @Test
    void specialTokenTextIsPlainUnlessParseSpecial() throws IOException {
        int[] plain = ints(JSON.readTree(cli().run("tokenize", "--format", "json", "<|endoftext|>").stdout())
                .get("ids"));
        assertTrue(plain.length > 1);
        int[] special = ints(JSON.readTree(cli().run("tokenize", "--parse-special", "--format", "json",
                "a<|endoftext|>b").stdout()).get("ids"));
        assertTrue(Arrays.stream(special).anyMatch(id -> id == 199999), Arrays.toString(special));
    }

    @Test
    void modelNamesAreAliasesOfTheirEncoding() throws IOException {
        JsonNode doc = JSON.readTree(cli().run("tokenize", "-e", "gpt-4", "--format", "json", "hi").stdout());
        assertEquals("cl100k_base", doc.get("tokenizer").asText());
    }

    @Test
    void tableMakesWhitespaceVisible() {
        String out = cli().run("tokenize", "a  b\n\tc").stdout();
        assertTrue(out.contains("·"), out);
        assertTrue(out.contains("↵"), out);
        assertTrue(out.contains("→"), out);
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        assertFalse(cli().run("tokenize", "Hello world").stdout().contains("\u001b"), "pipe: no colour");
        assertTrue(cli().onTerminal().run("tokenize", "Hello world").stdout().contains("\u001b["), "terminal");
        assertFalse(cli().onTerminal().noColorEnv().run("tokenize", "Hello world").stdout().contains("\u001b"),
                "NO_COLOR");
        assertFalse(cli().onTerminal().run("tokenize", "--color", "never", "x").stdout().contains("\u001b"));
        assertTrue(cli().run("tokenize", "--color", "always", "x").stdout().contains("\u001b["));
        assertFalse(cli().onTerminal().run("tokenize", "--format", "json", "x").stdout().contains("\u001b"),
                "JSON is never coloured");
    }

    @Test
    void errorsAreOneLineWithTheRightExitCode(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28});
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {2, "unknown encoding 'nope'", new String[] {"tokenize", "-e", "nope", "x"}});
        cases.add(new Object[] {1, "no such file", new String[] {"tokenize", "-f", dir.resolve("missing").toString()}});
        cases.add(new Object[] {1, "is a directory", new String[] {"tokenize", "-f", dir.toString()}});
        cases.add(new Object[] {1, "invalid UTF-8 at byte offset 3", new String[] {"tokenize", "-f", bad.toString()}});
        cases.add(new Object[] {1, "token id 999999 is not in o200k_base", new String[] {"tokenize", "--decode",
            "1", "999999"}});
        cases.add(new Object[] {1, "'abc' is not a token id", new String[] {"tokenize", "--decode", "12", "abc"}});
        cases.add(new Object[] {2, "--decode cannot be combined", new String[] {"tokenize", "--decode", "--count",
            "1"}});
        cases.add(new Object[] {2, "Unknown option: '--nope'", new String[] {"tokenize", "--nope", "x"}});
        cases.add(new Object[] {2, "unknown format 'xml'", new String[] {"tokenize", "--format", "xml", "x"}});
        cases.add(new Object[] {2, "either --encoding or --compare", new String[] {"tokenize", "-e", "r50k_base",
            "--compare", "cl100k_base,o200k_base", "x"}});
        cases.add(new Object[] {2, "Unmatched argument", new String[] {"tokenz", "x"}});
        for (Object[] c : cases) {
            CliRunner.Result r = cli().run((String[]) c[2]);
            String what = String.join(" ", (String[]) c[2]) + " -> " + r;
            assertEquals(c[0], r.exitCode(), what);
            assertEquals(1, r.stderr().lines().count(), what);
            assertTrue(r.stderr().startsWith("llmx"), what);
            assertTrue(r.stderr().contains((String) c[1]), what);
            assertFalse(r.stderr().contains("\tat "), "no stack trace: " + what);
            assertEquals("", r.stdout(), what);
        }
        CliRunner.Result garbage = cli().stdin("{not json").run("tokenize", "--decode");
        assertEquals(1, garbage.exitCode());
        assertTrue(garbage.stderr().startsWith("llmx tokenize: standard input: not valid JSON"), garbage::toString);
        CliRunner.Result lossy = cli().run("tokenize", "--lossy", "--count", "--format", "json", "-f", bad.toString());
        assertEquals(0, lossy.exitCode(), lossy::toString);
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRunner.Result r = cli().run("tokenize", "--debug", "-f", "/nonexistent/file");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().startsWith("llmx tokenize: /nonexistent/file: no such file"), r::toString);
        assertTrue(r.stderr().contains("\tat "), "stack trace with --debug");
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static byte[] bytes(JsonNode array) {
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) array.get(i).asInt();
        }
        return out;
    }

    private static String substringByCodePoints(String s, int start, int end) {
        int from = s.offsetByCodePoints(0, start);
        int to = s.offsetByCodePoints(0, end);
        return s.substring(from, to);
    }
}
