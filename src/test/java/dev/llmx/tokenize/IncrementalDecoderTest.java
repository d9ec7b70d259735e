package dev.llmx.tokenize;

import dev.llmx.testing.Refs;
import dev.llmx.tokenize.gguf.GgufTokenizer;
import dev.llmx.tokenize.hf.HfTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming decode must give exactly the whole-sequence decode, and hold split characters until complete. */
class IncrementalDecoderTest {
    private static final String TEXT = "Hello , world ! It 's a 🦙 and 日本語 . They 're \" ' \" here ?  Done.";

    @Test
    void piecesJoinToTheWholeDecode() throws Exception {
        List<Tokenizer> tokenizers = List.of(
                GgufTokenizer.open(Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-gpt-2.gguf")),
                GgufTokenizer.open(Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-llama-spm.gguf")),
                GgufTokenizer.open(Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-bert-bge.gguf")),
                HfTokenizer.open(Refs.require("models/stories260K-hf/tokenizer.json"), "stories"),
                TokenizerRegistry.open("o200k_base"));
        for (Tokenizer t : tokenizers) {
            for (boolean special : new boolean[] {false, true}) {
                int[] ids = t.encode(TEXT, false, true).ids();
                String whole = new String(t.decode(ids, special), StandardCharsets.UTF_8);
                IncrementalDecoder stream = new IncrementalDecoder(t, special);
                StringBuilder joined = new StringBuilder();
                for (int id : ids) {
                    String piece = stream.add(id);
                    assertTrue(piece.indexOf('\uFFFD') < 0, t.name() + ": no half characters while streaming");
                    joined.append(piece);
                }
                joined.append(stream.finish());
                assertEquals(whole, joined.toString(), t.name());
            }
        }
    }

    @Test
    void aCharacterSplitAcrossByteTokensAppearsWhenComplete() throws Exception {
        Tokenizer t = GgufTokenizer.open(Refs.require("models/stories260K.gguf"));
        int[] ids = t.encode("🦙", false).ids();
        IncrementalDecoder stream = new IncrementalDecoder(t, false);
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            String piece = stream.add(ids[i]);
            if (i < ids.length - 1) {
                assertTrue(!piece.contains("🦙"), "held until its last byte");
            }
            seen.append(piece);
        }
        seen.append(stream.finish());
        assertEquals("🦙", seen.toString().strip());
    }
}
