package dev.llmx.tokenize.tiktoken;

import dev.llmx.testing.Refs;
import dev.llmx.tokenize.Encoded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llmx's tiktoken encodings give jtokkit's ids, spans that tile the input's UTF-8, and jtokkit's token bytes. */
class TiktokenEncodingTest {
    static List<String> names() {
        return TiktokenEncoding.NAMES;
    }

    /** Checks ids against jtokkit, and the spans, bytes and count against each other. */
    private static void assertEncodesLikeJtokkit(String name, String text) {
        TiktokenEncoding enc = TiktokenEncoding.load(name);
        Encoded e = enc.encode(text, false);
        assertArrayEquals(Jtokkit.ids(name, text), e.ids(), () -> name + " ids of " + TrickyTexts.escape(text));
        assertSpansTile(enc, text, e);
        assertEquals(e.size(), enc.count(text, false), () -> name + " count of " + TrickyTexts.escape(text));
    }

    /** Spans are contiguous from 0 to the UTF-8 length and each holds exactly its token's bytes. */
    private static void assertSpansTile(TiktokenEncoding enc, String text, Encoded e) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        for (int i = 0; i < e.size(); i++) {
            assertEquals(at, e.byteStarts()[i], "span start of token " + i);
            byte[] token = enc.bytes(e.ids()[i]);
            assertArrayEquals(Arrays.copyOfRange(utf8, e.byteStarts()[i], e.byteEnds()[i]), token,
                    "bytes of token " + i);
            at = e.byteEnds()[i];
        }
        assertEquals(utf8.length, at, "spans end at the UTF-8 length");
    }

    @ParameterizedTest
    @MethodSource("names")
    void trickyTexts(String name) {
        for (String text : TrickyTexts.ALL) {
            assertEncodesLikeJtokkit(name, text);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void seededFuzz(String name) {
        UnicodeFuzz fuzz = new UnicodeFuzz(42 + name.hashCode());
        for (int i = 0; i < 3000; i++) {
            assertEncodesLikeJtokkit(name, fuzz.next(30));
        }
    }

    /** Long letter runs, digits and punctuation: pieces past jtokkit's 500-byte switch to its other merger. */
    @ParameterizedTest
    @MethodSource("names")
    void longPieces(String name) {
        UnicodeFuzz fuzz = new UnicodeFuzz(7);
        String[] alphabets = {"ab", "abc", "aab", "xyzzy", "ee", "é", "日本", "ab\u0301", "!?", " ", "1", "the"};
        for (String alphabet : alphabets) {
            for (int length : new int[] {100, 300, 499, 500, 501, 1200}) {
                StringBuilder sb = new StringBuilder();
                while (sb.length() < length) {
                    int k = fuzz.random().nextInt(alphabet.length());
                    sb.append(alphabet, k, Math.min(alphabet.length(), k + 1 + fuzz.random().nextInt(2)));
                }
                assertEncodesLikeJtokkit(name, sb.toString());
                assertEncodesLikeJtokkit(name, sb.toString().toUpperCase());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void warAndPeace(String name) throws IOException {
        String text = Files.readString(Refs.require("corpus/war-and-peace.txt"));
        assertEncodesLikeJtokkit(name, text);
    }

    @ParameterizedTest
    @MethodSource("names")
    void bytesAndValidityOfEveryId(String name) {
        TiktokenEncoding enc = TiktokenEncoding.load(name);
        int valid = 0;
        for (int id = -2; id < enc.vocabSize() + 3; id++) {
            byte[] reference = Jtokkit.decodeBytes(name, id);
            assertEquals(reference != null && id >= 0, enc.isValid(id), name + " isValid(" + id + ")");
            if (enc.isValid(id)) {
                valid++;
                assertArrayEquals(reference, enc.bytes(id), name + " bytes(" + id + ")");
            } else {
                int bad = id;
                assertThrows(IllegalArgumentException.class, () -> enc.bytes(bad));
            }
        }
        assertTrue(valid > 50_000);
        assertFalse(enc.isValid(enc.vocabSize()));
    }

    @Test
    void gapsAndSpecialIds() {
        TiktokenEncoding cl100k = TiktokenEncoding.load("cl100k_base");
        assertFalse(cl100k.isValid(100256));
        for (int id = 100261; id <= 100275; id++) {
            assertFalse(cl100k.isValid(id));
        }
        for (int id : new int[] {100257, 100258, 100259, 100260, 100276}) {
            assertTrue(cl100k.isValid(id) && cl100k.isSpecial(id));
        }
        assertEquals(100277, cl100k.vocabSize());

        TiktokenEncoding o200k = TiktokenEncoding.load("o200k_base");
        assertFalse(o200k.isValid(199998));
        for (int id = 200000; id <= 200017; id++) {
            assertFalse(o200k.isValid(id));
        }
        assertTrue(o200k.isSpecial(199999) && o200k.isSpecial(200018));
        assertEquals("<|endofprompt|>", new String(o200k.bytes(200018), StandardCharsets.UTF_8));
        assertEquals(200019, o200k.vocabSize());

        TiktokenEncoding p50k = TiktokenEncoding.load("p50k_base");
        assertEquals(50281, p50k.vocabSize());
        assertTrue(p50k.isSpecial(50256) && p50k.isValid(50280) && !p50k.isSpecial(50280));
        assertEquals(50257, TiktokenEncoding.load("r50k_base").vocabSize());
        assertFalse(TiktokenEncoding.load("r50k_base").isSpecial(0));
    }

    /** Special-token text is plain text unless asked for; then it is one token, as tiktoken's allowed_special="all". */
    @ParameterizedTest
    @MethodSource("names")
    void specialTokens(String name) {
        TiktokenEncoding enc = TiktokenEncoding.load(name);
        String text = "Hi<|endoftext|>there <|endofprompt|><|fim_prefix|>x<|endoftext|>";
        assertEncodesLikeJtokkit(name, text);

        Encoded e = enc.encode(text, true);
        List<Integer> expected = new ArrayList<>();
        int specials = 0;
        // tiktoken's allowed_special="all": the text between special tokens is encoded piece by piece.
        Matcher m = Pattern.compile("<\\|[a-z_]+\\|>").matcher(text);
        int pos = 0;
        while (m.find()) {
            int id = specialId(name, m.group());
            if (id >= 0) {
                Arrays.stream(Jtokkit.ids(name, text.substring(pos, m.start()))).forEach(expected::add);
                expected.add(id);
                specials++;
                pos = m.end();
            }
        }
        Arrays.stream(Jtokkit.ids(name, text.substring(pos))).forEach(expected::add);
        assertEquals(expected, Arrays.stream(e.ids()).boxed().toList(), name);
        assertSpansTile(enc, text, e);
        assertEquals(e.size(), enc.count(text, true));
        assertTrue(specials >= 2);
        assertEquals(enc.encode(text, false).size(), enc.count(text, false));
    }

    private static int specialId(String name, String text) {
        switch (text) {
            case "<|endoftext|>":
                return name.equals("o200k_base") ? 199999 : name.equals("cl100k_base") ? 100257 : 50256;
            case "<|fim_prefix|>":
                return name.equals("cl100k_base") ? 100258 : -1;
            case "<|endofprompt|>":
                return name.equals("o200k_base") ? 200018 : name.equals("cl100k_base") ? 100276 : -1;
            default:
                return -1;
        }
    }

    @Test
    void specialTokenSplitsTheTextForThePreTokenizer() {
        // "  <|endoftext|>": the spaces end the segment, so "\s+(?!\S)" takes both of them.
        TiktokenEncoding o200k = TiktokenEncoding.load("o200k_base");
        Encoded e = o200k.encode("a  <|endoftext|>", true);
        assertArrayEquals(new int[] {Jtokkit.ids("o200k_base", "a")[0], Jtokkit.ids("o200k_base", "  ")[0], 199999},
                e.ids());
        assertArrayEquals(new int[] {0, 1, 3}, e.byteStarts());
        assertArrayEquals(new int[] {1, 3, 16}, e.byteEnds());
    }

    /**
     * A Java string may hold an unpaired surrogate; llmx encodes the string's UTF-8 as String.getBytes makes it,
     * where that surrogate is '?'. jtokkit agrees for the regex encodings (its cl100k parser asserts instead).
     */
    @ParameterizedTest
    @MethodSource("names")
    void unpairedSurrogatesAreQuestionMarks(String name) {
        TiktokenEncoding enc = TiktokenEncoding.load(name);
        UnicodeFuzz fuzz = new UnicodeFuzz(99);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder(fuzz.next(8));
            char lone = (char) (0xd800 + fuzz.random().nextInt(0x800));
            sb.insert(fuzz.random().nextInt(sb.length() + 1), lone);
            if (Character.isHighSurrogate(lone) && sb.indexOf(String.valueOf(lone)) + 1 < sb.length()
                    && Character.isLowSurrogate(sb.charAt(sb.indexOf(String.valueOf(lone)) + 1))) {
                continue; // it paired up
            }
            String text = sb.toString();
            String replaced = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertArrayEquals(enc.encode(replaced, false).ids(), enc.encode(text, false).ids());
            assertSpansTile(enc, text, enc.encode(text, false));
            if (!name.equals("cl100k_base")) {
                assertArrayEquals(Jtokkit.ids(name, text), enc.encode(text, false).ids());
            }
        }
    }

    /** Inputs that are one huge piece must not take quadratic time or memory; this finishing is the check. */
    @ParameterizedTest
    @MethodSource("names")
    void pathologicalInputsFinish(String name) {
        TiktokenEncoding enc = TiktokenEncoding.load(name);
        String spaces = " ".repeat(100_000);
        assertEncodesLikeJtokkit(name, spaces);
        assertEncodesLikeJtokkit(name, "x" + spaces + "x");
        assertEncodesLikeJtokkit(name, "\n".repeat(20_000));
        String megabyte = "a".repeat(1 << 20);
        Encoded e = enc.encode(megabyte, false);
        assertSpansTile(enc, megabyte, e);
        assertEquals(e.size(), enc.count(megabyte, false));
        for (String unit : new String[] {"1", ".", "é", "😀"}) {
            String text = unit.repeat(100_000 / unit.length());
            assertSpansTile(enc, text, enc.encode(text, false));
        }
        assertEncodesLikeJtokkit(name, "a".repeat(20_000));
    }

    @Test
    void sharedBetweenThreads() throws Exception {
        TiktokenEncoding enc = TiktokenEncoding.load("o200k_base");
        UnicodeFuzz fuzz = new UnicodeFuzz(3);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add(fuzz.next(40) + "a".repeat(i * 5));
        }
        List<int[]> expected = texts.stream().map(t -> enc.encode(t, false).ids()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < texts.size(); i++) {
                        if (!Arrays.equals(expected.get(i), enc.encode(texts.get(i), false).ids())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void loadsOncePerName() {
        assertSame(TiktokenEncoding.load("cl100k_base"), TiktokenEncoding.load("cl100k_base"));
        assertEquals("cl100k_base", TiktokenEncoding.load("cl100k_base").name());
        assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.load("gpt2"));
    }

    @Test
    void decodingEveryTokenOfATextGivesItBack() {
        TiktokenEncoding enc = TiktokenEncoding.load("o200k_base");
        String text = "Grüße aus Köln 👋🏽 — 東京";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : enc.encode(text, false).ids()) {
            out.writeBytes(enc.bytes(id));
        }
        assertNotNull(out.toByteArray());
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
    }
}
