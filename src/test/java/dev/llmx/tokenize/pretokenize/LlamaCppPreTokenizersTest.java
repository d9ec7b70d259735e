package dev.llmx.tokenize.pretokenize;

import dev.llmx.LlmxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each llama.cpp pre-tokenizer type, written by hand for linear time, must split text exactly as llama.cpp's
 * regexes do. The oracle runs those regexes with a backtracking engine on short random texts drawn from an alphabet
 * that exercises every class the regexes distinguish.
 */
class LlamaCppPreTokenizersTest {
    /** Characters chosen to hit every branch: cases, marks, digits of several scripts, spaces, CJK, symbols. */
    private static final String[] ALPHABET = {
        "a", "b", "s", "t", "d", "m", "l", "v", "e", "r", "A", "S", "T", "D", "L", "V", "E", "R", "Z", "x",
        "0", "1", "2", "3", "9", "'", "'", " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u000B", "\f",
        "!", "\"", "#", "$", "%", "&", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "?", "@",
        "[", "\\", "]", "^", "_", "`", "{", "|", "}", "~",
        "é", "É", "ß", "ñ", "Ж", "ж", "ǅ", "ʰ", "ª", "\u0301", "\u0308", "Ⅳ", "²", "¼", "٣", "๑", "ก", "\u0E3A",
        "中", "文", "天", "一", "龥", "한", "가", "ㄱ", "ㄅ", "ア", "ふ", "ｘ", "Ａ", "！", "，", "。", "、", "…", "“", "‘",
        "—", "～", "︰", "।", "،", "\u00A0", "\u3000", "\u2028", "\u0085", "\u200B", "\uE000", "\u0378", "😀", "🦙",
        "𐐀", "\u00B5", "µ", "IMGIMG", "<sentinel:", ">", "\u1680", "\u1E9E", "ſ", "\u212A"
    };

    static Stream<String> types() {
        return LlamaCppRegexOracle.REGEXES.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("types")
    void splitsLikeLlamaCppRegexes(String type) {
        List<String> regexes = LlamaCppRegexOracle.REGEXES.get(type);
        PreTokenizer pre = type.equals("AFMOE_TAIL")
                ? new PreTokenizer(LlamaCppPreTokenizers.preTokenizer("AFMOE").steps().subList(1, 3))
                : LlamaCppPreTokenizers.preTokenizer(type);
        Random random = new Random(type.hashCode());
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < 3000 && failures.size() < 5; n++) {
            String text = randomText(random, 1 + random.nextInt(n < 1500 ? 12 : 40));
            List<String> expected = LlamaCppRegexOracle.split(text, regexes);
            List<String> actual = split(pre, text);
            if (!expected.equals(actual)) {
                failures.add(show(text) + "\n    regex: " + showAll(expected) + "\n    llmx:  " + showAll(actual));
            }
        }
        assertTrue(failures.isEmpty(), type + ":\n" + String.join("\n", failures));
    }

    @Test
    void everyLlamaCppNameHasATypeAndUnknownNamesAreErrors() {
        for (String name : LlamaCppPreTokenizers.names()) {
            PreTokenizerSpec spec = LlamaCppPreTokenizers.forName(name);
            assertTrue(!spec.name().isEmpty(), name);
        }
        assertEquals("DEFAULT", LlamaCppPreTokenizers.forName("").name());
        LlmxException e = assertThrows(LlmxException.class, () -> LlamaCppPreTokenizers.forName("no-such-pre"));
        assertTrue(e.getMessage().contains("'no-such-pre'"), e.getMessage());
    }

    @Test
    void customSplitsKeepTheirOwnRules() {
        // AFMoE's digit groups take the text before them along, as llama.cpp's hand-written splitter does.
        PreTokenizer digits = PreTokenizer.of(LlamaCppPreTokenizers.preTokenizer("AFMOE").steps().get(0));
        assertEquals(List.of("ab1", "234", "567", " x"), split(digits, "ab1234567 x"));
        assertEquals(List.of("1", "234", "567"), split(LlamaCppPreTokenizers.preTokenizer("SUPERBPE"), "1234567"));
        assertEquals(List.of("中文", "hello", " world"), split(LlamaCppPreTokenizers.preTokenizer("KIMI_K2"), "中文hello world"));
    }

    static List<String> split(PreTokenizer pre, String text) {
        CodepointText t = new CodepointText(CodeMapping.LLAMA_CPP);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        t.reset(utf8, 0, utf8.length);
        Cuts cuts = new Cuts();
        pre.split(t, cuts, new Cuts());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i++) {
            out.add(t.substring(cuts.start(i), cuts.end(i)));
        }
        return out;
    }

    private static String randomText(Random random, int tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static String showAll(List<String> pieces) {
        List<String> shown = new ArrayList<>();
        for (String p : pieces) {
            shown.add(show(p));
        }
        return String.join(" ", shown);
    }

    private static String show(String s) {
        StringBuilder sb = new StringBuilder("«");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x2028 || cp == 0x3000 || cp == 0x1680
                    || (cp >= 0x300 && cp < 0x370) || cp == 0x200B) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('»').toString();
    }

    static Map<String, List<String>> regexes() {
        return LlamaCppRegexOracle.REGEXES;
    }
}
