package dev.llmx.tokenize.gguf;

import dev.llmx.testing.Refs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One of llama.cpp's tokenizer test suites in the shared reference data: a vocab-only GGUF, texts separated by the
 * line {@code __ggml_vocab_test__} and, per text, the ids llama.cpp gives (add_special = false,
 * parse_special = false).
 */
record LlamaCppSuite(Path vocab, List<String> texts, List<int[]> expected) {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    static LlamaCppSuite load(String name) throws IOException {
        Path vocab = Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-" + name + ".gguf");
        String inp = Files.readString(Path.of(vocab + ".inp"), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>(Arrays.asList(inp.split(SEPARATOR, -1)));
        if (texts.get(texts.size() - 1).isEmpty()) {
            texts.remove(texts.size() - 1);
        }
        List<int[]> expected = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(vocab + ".out"), StandardCharsets.UTF_8)) {
            String t = line.trim();
            expected.add(t.isEmpty() ? new int[0] : Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).toArray());
        }
        if (expected.size() != texts.size()) {
            throw new IllegalStateException(name + ": " + texts.size() + " texts but " + expected.size() + " outputs");
        }
        return new LlamaCppSuite(vocab, texts, expected);
    }
}
