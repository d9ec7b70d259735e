package dev.llmx.tokenize;

import dev.llmx.testing.Refs;
import dev.llmx.tokenize.gguf.GgufTokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that break backtracking regexes, recursive mergers and naive special-token searches — a megabyte of one
 * character, 100k spaces, random bytes, Zalgo text, a 10 MB line — must tokenize (no StackOverflowError, no
 * quadratic blow-up: each case runs in well under a second or two) and, where the tokenizer is lossless, decode
 * back to the input.
 */
class PathologicalInputTest {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();
    private static final Map<String, String> INPUTS = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String tokenizer : List.of("llama-spm", "phi-3", "gpt-2", "deepseek-llm", "llama-bpe", "bert-bge",
                "stories260K-hf")) {
            for (String input : List.of("1 MB of 'a'", "1 MB of '!'", "1 MB of digits", "100k spaces",
                    "100k spaces then a digit", "random bytes", "Zalgo", "special-token text repeated",
                    "10 MB line")) {
                list.add(Arguments.of(tokenizer, input));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void tokenizesAndDecodesBack(String tokenizerName, String inputName) throws Exception {
        Tokenizer t = tokenizer(tokenizerName);
        String text = input(inputName);
        Encoded e = t.encode(text, false);
        boolean wordPiece = tokenizerName.equals("bert-bge");
        if (!wordPiece) {
            assertTrue(e.size() > 0, "tokens for a non-empty text");
            String decoded = new String(t.decode(e.ids(), false), StandardCharsets.UTF_8);
            boolean cleans = t instanceof GgufTokenizer g && g.cleansSpaces();
            String expected = cleans ? cleanSpaces(text) : text;
            assertEquals(expected.length(), decoded.length(), "decoded length");
            assertTrue(expected.equals(decoded), "decoding gives the input back");
        }
        assertTrue(e.byteEnds().length == 0 || e.byteEnds()[e.size() - 1] <= text.getBytes(StandardCharsets.UTF_8)
                .length, "spans inside the input");
    }

    private static Tokenizer tokenizer(String name) {
        return TOKENIZERS.computeIfAbsent(name, n -> switch (n) {
            case "stories260K-hf" -> TokenizerRegistry.open(Refs.require("models/stories260K-hf").toString());
            default -> TokenizerRegistry.open(Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-" + n + ".gguf")
                    .toString());
        });
    }

    private static String input(String name) throws Exception {
        String cached = INPUTS.get(name);
        if (cached != null) {
            return cached;
        }
        String text = switch (name) {
            case "1 MB of 'a'" -> "a".repeat(1 << 20);
            case "1 MB of '!'" -> "!".repeat(1 << 20);
            case "1 MB of digits" -> "7".repeat(1 << 20);
            case "100k spaces" -> " ".repeat(100_000);
            case "100k spaces then a digit" -> " ".repeat(100_000) + "1";
            case "random bytes" -> {
                byte[] b = new byte[1 << 20];
                new Random(1).nextBytes(b);
                yield new String(b, StandardCharsets.UTF_8);
            }
            case "Zalgo" -> {
                Random r = new Random(2);
                StringBuilder sb = new StringBuilder();
                while (sb.length() < 1 << 20) {
                    sb.append((char) ('a' + r.nextInt(26)));
                    for (int k = 0; k < 30; k++) {
                        sb.append((char) (0x300 + r.nextInt(0x70)));
                    }
                }
                yield sb.toString();
            }
            case "special-token text repeated" -> "<s></s><|endoftext|>[CLS]<|begin_of_text|> ".repeat(20_000);
            case "10 MB line" -> {
                Path corpus = Refs.require("corpus/war-and-peace.txt");
                String book = Files.readString(corpus).replace('\n', ' ').replace('\r', ' ');
                StringBuilder sb = new StringBuilder(10_500_000);
                while (sb.length() < 10_000_000) {
                    sb.append(book);
                }
                yield sb.toString();
            }
            default -> throw new IllegalArgumentException(name);
        };
        INPUTS.put(name, text);
        return text;
    }

    /** llama.cpp's clean-up of decoded text (spaces before punctuation and contractions). */
    private static String cleanSpaces(String s) {
        return s.replaceAll(" ([?!.,])", "$1").replace(" ' ", "'").replaceAll(" '(s|m|re|ve)", "'$1");
    }
}
