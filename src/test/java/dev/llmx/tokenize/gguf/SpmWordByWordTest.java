package dev.llmx.tokenize.gguf;

import dev.llmx.gguf.GgufFile;
import dev.llmx.testing.Refs;
import dev.llmx.tokenize.text.TokenList;
import dev.llmx.tokenize.text.WordCache;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cutting SentencePiece input at word starts (and caching words) is an optimisation that must not change a single
 * id: on a long real text it gives what one merge over the whole text gives.
 */
class SpmWordByWordTest {
    @Test
    void wordByWordEqualsWholeText() throws Exception {
        Path vocabFile = Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-llama-spm.gguf");
        Path corpus = Refs.require("corpus/war-and-peace.txt");
        LlamaVocab vocab;
        try (GgufFile f = GgufFile.open(vocabFile)) {
            vocab = LlamaVocab.load(f.metadata());
        }
        assertTrue(SpmFragmentEncoder.canSplitAtSpaces(vocab.texts), "Llama's vocabulary allows word-by-word");
        String text = Files.readString(corpus).substring(0, 300_000) + " \t  odd  ▁ spacing\u00A0here ";
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        int[] byteTokens = GgufTokenizer.byteTokens(vocab);
        TokenList whole = new TokenList(1024);
        new SpmFragmentEncoder(vocab, byteTokens, null).encode(input, 0, input.length, true, whole);
        TokenList words = new TokenList(1024);
        SpmFragmentEncoder cached = new SpmFragmentEncoder(vocab, byteTokens, new WordCache(64));
        cached.encode(input, 0, input.length, true, words);
        assertArrayEquals(whole.toEncoded().ids(), words.toEncoded().ids());
        assertArrayEquals(whole.toEncoded().byteStarts(), words.toEncoded().byteStarts());
        assertArrayEquals(whole.toEncoded().byteEnds(), words.toEncoded().byteEnds());
        assertTrue(Arrays.stream(words.toEncoded().ids()).distinct().count() > 1000);
    }
}
