package dev.llmx.tokenize.hf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tokenizer.json support checked against Hugging Face's own tokenizers library (through DJL, test scope only): for
 * each model family, the same ids for llama.cpp's test texts, random texts and special-token text, and the same
 * decoded text.
 */
class HfTokenizerVersusReferenceTest {
    @TempDir
    static Path dir;

    static List<String> texts;

    private static final String[] ALPHABET = {
        "a", "b", "s", "t", "the", " of", "Hello", "WORLD", "I", "'", "'s", "'ll", "'RE", " ", " ", "  ", "\t", "\n",
        "\r\n", "\n\n", "0", "1", "12", "345", "6789", "!", "?", ".", ",", "...", "-", "(", ")", "\"", "#", "$", "%",
        "&", "*", "+", "/", ":", ";", "<", "=", ">", "@", "[", "]", "^", "_", "`", "{", "|", "}", "~",
        "é", "É", "ß", "ñ", "Ж", "ж", "ǅ", "ʰ", "\u0301", "Ⅳ", "²", "٣", "๑", "中", "文", "天", "한", "ア", "！", "，",
        "。", "…", "“", "—", "\u00A0", "\u3000", "\u200B", "😀", "🦙", "𐐀", "µ", "ﬁ", "Å", "Ω", "İ", "ς", "Σ"
    };

    @BeforeAll
    static void texts() throws IOException {
        Path inp = Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-llama-spm.gguf.inp");
        texts = new ArrayList<>(Arrays.asList(Files.readString(inp, StandardCharsets.UTF_8)
                .split("\n__ggml_vocab_test__\n", -1)));
        Random random = new Random(42);
        for (int n = 0; n < 300; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(30);
            for (int i = 0; i < len; i++) {
                sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            texts.add(sb.toString());
        }
        texts.add("<|endoftext|>Hello<|begin_of_text|> [CLS] x [SEP]<s>y</s> <unk>");
        texts.add(Files.readString(Refs.require("corpus/war-and-peace.txt")).substring(20_000, 40_000));
    }

    @Test
    void gpt2() throws Exception {
        compare(TokenizerJsonFixtures.gpt2(dir));
    }

    @Test
    void llama3() throws Exception {
        compare(TokenizerJsonFixtures.llama3(dir, HfPatterns.LLAMA3, false));
    }

    @Test
    void qwen2WithNfc() throws Exception {
        compare(TokenizerJsonFixtures.llama3(dir, HfPatterns.QWEN2, true));
    }

    @Test
    void gpt4oCaseAwareRegex() throws Exception {
        compare(TokenizerJsonFixtures.llama3(dir, HfPatterns.GPT4O, false));
    }

    @Test
    void unknownRegexRunsOnJavaRegex() throws Exception {
        compare(TokenizerJsonFixtures.llama3(dir, "\\p{N}{1,2}|[^\\s\\p{N}]+|\\s+", false));
    }

    @Test
    void bertWordPiece() throws Exception {
        compare(TokenizerJsonFixtures.bert(dir));
    }

    @Test
    void sentencePieceStyleWithByteFallback() throws Exception {
        compare(Refs.require("models/stories260K-hf/tokenizer.json"));
    }

    @Test
    void metaspacePreTokenizer() throws Exception {
        compare(TokenizerJsonFixtures.storiesMetaspace(dir, "always"));
        compare(TokenizerJsonFixtures.storiesMetaspace(dir, "first"));
    }

    private static void compare(Path file) throws Exception {
        HfTokenizer ours = HfTokenizer.open(file, "t");
        List<String> failures = new ArrayList<>();
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                .optTruncation(false).optPadding(false).build()) {
            for (String text : texts) {
                for (boolean addSpecial : new boolean[] {false, true}) {
                    long[] expected = reference.encode(text, addSpecial, false).getIds();
                    int[] got = ours.encode(text, true, addSpecial).ids();
                    if (!Arrays.equals(Arrays.stream(got).asLongStream().toArray(), expected)) {
                        failures.add("encode" + (addSpecial ? "+special " : " ") + show(text) + "\n   hf   "
                                + window(expected, got) + "\n   llmx " + window(got, expected));
                        continue;
                    }
                    for (boolean skip : new boolean[] {false, true}) {
                        String decodedRef = reference.decode(expected, skip);
                        String decoded = new String(ours.decode(got, !skip), StandardCharsets.UTF_8);
                        if (!decoded.equals(decodedRef)) {
                            failures.add("decode" + (skip ? " skipping specials " : " ") + show(text) + "\n   hf   "
                                    + show(decodedRef) + "\n   llmx " + show(decoded));
                        }
                    }
                }
                if (failures.size() > 6) {
                    break;
                }
            }
        }
        assertTrue(failures.isEmpty(), file.getParent().getFileName() + ":\n" + String.join("\n", failures));
    }

    /** The ids around the first difference. */
    private static String window(long[] a, int[] b) {
        return window(Arrays.stream(b).asLongStream().toArray(), a);
    }

    private static String window(int[] a, long[] b) {
        return window(Arrays.stream(a).asLongStream().toArray(), b);
    }

    private static String window(long[] a, long[] b) {
        int d = 0;
        while (d < a.length && d < b.length && a[d] == b[d]) {
            d++;
        }
        int from = Math.max(0, d - 3);
        int to = Math.min(a.length, d + 8);
        return "@" + d + " of " + a.length + ": " + Arrays.toString(Arrays.copyOfRange(a, from, to));
    }

    private static String show(String s) {
        String v = s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
        return "«" + (v.length() > 100 ? v.substring(0, 100) + "…" : v) + "»";
    }
}
