package dev.llmx.tokenize.gguf;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokenizer models without a reference suite in the shared data, on tiny hand-made vocabularies: what llama.cpp's
 * code does for them (whitespace dropped for {@code whitespace}; ▁ for spaces, raw UTF-8 and a forced BOS for
 * {@code gemma4}), and the file errors it reports.
 */
class GgufSyntheticVocabTest {
    @TempDir
    Path dir;

    @Test
    void whitespaceModelDropsWhitespaceAndEncodesEachRun() throws Exception {
        GgufTokenizer t = tokenizer(new GgufWriter().putString("tokenizer.ggml.model", "whitespace")
                .putString("tokenizer.ggml.pre", "whitespace")
                .put("tokenizer.ggml.tokens", strings("a", "b", "ab", "c", "<0x41>"))
                .put("tokenizer.ggml.merges", strings("a b")));
        // ids: a=0 b=1 ab=2 c=3; "A" has no token, only its byte token
        assertArrayEquals(new int[] {2, 3, 2, 4}, t.encode("ab  c\tab\nA", false).ids());
    }

    @Test
    void gemma4UsesSpaceMarksRawBytesAndAlwaysAddsBos() throws Exception {
        GgufTokenizer t = tokenizer(new GgufWriter().putString("tokenizer.ggml.model", "gemma4")
                .put("tokenizer.ggml.tokens", strings("<bos>", "a", "\u2581", "\u2581a", "\n\n", "<0x62>", "<0x0A>"))
                .put("tokenizer.ggml.token_type", ints(3, 1, 1, 1, 1, 6, 6))
                .put("tokenizer.ggml.merges", strings("\u2581 a"))
                .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(0))
                .put("tokenizer.ggml.add_bos_token", GgufValue.bool(false)));
        assertArrayEquals(new int[] {0, 1, 3, 4, 5}, t.encode("a a\n\nb", false, true).ids());
        assertEquals("a a\n\nb", new String(t.decode(new int[] {1, 3, 4, 5}, false), StandardCharsets.UTF_8));
    }

    @Test
    void duplicateTokensAndMissingMergesAreErrors() throws Exception {
        LlmxException dup = assertThrows(LlmxException.class, () -> tokenizer(new GgufWriter()
                .putString("tokenizer.ggml.model", "llama").put("tokenizer.ggml.tokens", strings("a", "b", "a"))));
        assertTrue(dup.getMessage().contains("duplicate token"), dup.getMessage());
        LlmxException noMerges = assertThrows(LlmxException.class, () -> tokenizer(new GgufWriter()
                .putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "gpt-2")
                .put("tokenizer.ggml.tokens", strings("a"))));
        assertTrue(noMerges.getMessage().contains("merges"), noMerges.getMessage());
        LlmxException unsupported = assertThrows(LlmxException.class, () -> tokenizer(new GgufWriter()
                .putString("tokenizer.ggml.model", "t5").put("tokenizer.ggml.tokens", strings("a"))));
        assertTrue(unsupported.getMessage().contains("'t5' is not supported"), unsupported.getMessage());
    }

    private GgufTokenizer tokenizer(GgufWriter writer) throws Exception {
        Path file = dir.resolve("v" + System.nanoTime() + ".gguf");
        writer.putString("general.architecture", "llama").write(file);
        try (GgufFile f = GgufFile.open(file)) {
            return GgufTokenizer.fromMetadata(f.metadata(), "test");
        }
    }

    private static GgufValue strings(String... s) {
        return GgufValue.array(GgufArray.ofStrings(List.of(s)));
    }

    private static GgufValue ints(int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = v[i];
        }
        return GgufValue.array(GgufArray.ofIntegers(dev.llmx.gguf.GgufValueType.INT32, l));
    }
}
