package dev.llmx.tokenize.gguf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every case of llama.cpp's tokenizer suites must give exactly llama.cpp's ids. */
class LlamaCppVocabSuiteTest {
    @ParameterizedTest
    @ValueSource(strings = {"llama-spm", "phi-3", "gpt-2", "deepseek-llm", "llama-bpe", "bert-bge"})
    void idsEqualLlamaCpp(String name) throws Exception {
        LlamaCppSuite suite = LlamaCppSuite.load(name);
        GgufTokenizer tokenizer = GgufTokenizer.open(suite.vocab());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < suite.texts().size(); i++) {
            int[] got = tokenizer.encode(suite.texts().get(i), false, false).ids();
            if (!Arrays.equals(got, suite.expected().get(i))) {
                failures.add("case " + i + " " + visible(suite.texts().get(i)) + "\n  expected "
                        + Arrays.toString(suite.expected().get(i)) + "\n  got      " + Arrays.toString(got));
            }
        }
        assertTrue(failures.isEmpty(), name + ": " + failures.size() + " of " + suite.texts().size()
                + " cases differ:\n" + String.join("\n", failures));
    }

    /**
     * Decoding the ids gives the text back for SentencePiece and BPE vocabularies; where llama.cpp cleans up spaces
     * (GPT-2 and relatives), the text as that clean-up leaves it. WordPiece lower-cases and drops spaces: lossy.
     */
    @ParameterizedTest
    @ValueSource(strings = {"llama-spm", "phi-3", "gpt-2", "deepseek-llm", "llama-bpe"})
    void decodingGivesTheTextBack(String name) throws Exception {
        LlamaCppSuite suite = LlamaCppSuite.load(name);
        GgufTokenizer tokenizer = GgufTokenizer.open(suite.vocab());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < suite.texts().size(); i++) {
            String text = suite.texts().get(i);
            String decoded = new String(tokenizer.decode(suite.expected().get(i), false), StandardCharsets.UTF_8);
            String expected = tokenizer.cleansSpaces() ? cleanSpaces(text) : text;
            if (!decoded.equals(expected)) {
                failures.add("case " + i + " " + visible(text) + " decoded as " + visible(decoded));
            }
        }
        assertTrue(failures.isEmpty(), name + ":\n" + String.join("\n", failures));
    }

    /** llama.cpp's clean-up, written the plain way (three regex passes) as a cross-check of the streaming one. */
    static String cleanSpaces(String s) {
        String a = s.replaceAll(" ([?!.,])", "$1");
        String b = a.replaceAll(" ' ", "'");
        return b.replaceAll(" '(s|m|re|ve)", "'$1");
    }

    static String visible(String s) {
        String v = s.replace("\n", "\\n").replace("\t", "\\t");
        return "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'";
    }
}
