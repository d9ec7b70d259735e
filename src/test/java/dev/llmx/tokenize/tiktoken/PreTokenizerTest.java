package dev.llmx.tokenize.tiktoken;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** llmx's hand-written pre-tokenizers cut text exactly where jtokkit's regexes and cl100k parser do. */
class PreTokenizerTest {
    static List<String> names() {
        return TiktokenEncoding.NAMES;
    }

    static List<String> pieces(String name, String text) {
        PreTokenizer p = TiktokenEncoding.load(name).preTokenizer();
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int pos = 0; pos < t.length; ) {
            int end = p.pieceEnd(t, pos, t.length);
            if (end <= pos || end > t.length) {
                throw new AssertionError("no progress at " + pos + " in " + TrickyTexts.escape(text));
            }
            out.add(new String(t, pos, end - pos, StandardCharsets.UTF_8));
            pos = end;
        }
        return out;
    }

    private static void assertSamePieces(String name, String text) {
        assertEquals(Jtokkit.pieces(name, text), pieces(name, text),
                () -> name + " pieces of " + TrickyTexts.escape(text));
    }

    @ParameterizedTest
    @MethodSource("names")
    void trickyTexts(String name) {
        for (String text : TrickyTexts.ALL) {
            assertSamePieces(name, text);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void seededFuzz(String name) {
        UnicodeFuzz fuzz = new UnicodeFuzz(0x5eed + name.hashCode());
        for (int i = 0; i < 4000; i++) {
            assertSamePieces(name, fuzz.next(24));
        }
    }

    /**
     * Case-insensitive contractions: every BMP character after an apostrophe (and in the second and third place of
     * the long ones) is accepted exactly when jtokkit accepts it, e.g. U+017F (long s) but not U+212A (Kelvin).
     */
    @ParameterizedTest
    @MethodSource("names")
    void contractionsAgainstEveryBmpCharacter(String name) {
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String ch = String.valueOf((char) c);
            assertSamePieces(name, "x'" + ch + "e");
            assertSamePieces(name, "x'r" + ch);
            assertSamePieces(name, "x'l" + ch);
        }
    }

    @Test
    void pieceNeverPassesTheLimit() {
        // With special tokens parsed, a segment ends where a special token begins: "(?!\S)" must see that end.
        for (String name : TiktokenEncoding.NAMES) {
            PreTokenizer p = TiktokenEncoding.load(name).preTokenizer();
            byte[] t = "ab   cd".getBytes(StandardCharsets.UTF_8);
            assertEquals(5, p.pieceEnd(t, 2, 5), name);
        }
    }
}
