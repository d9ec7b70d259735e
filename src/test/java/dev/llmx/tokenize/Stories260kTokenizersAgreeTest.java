package dev.llmx.tokenize;

import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.testing.Refs;
import dev.llmx.tokenize.gguf.GgufTokenizer;
import dev.llmx.tokenize.hf.HfTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stories260K ships as a GGUF file (SentencePiece scores, llama.cpp's algorithm) and as a Hugging Face folder
 * (tokenizer.json: BPE merges with byte fallback). Both must give the same ids, BOS included.
 */
class Stories260kTokenizersAgreeTest {
    @Test
    void openedModelsCarryTheirTokenizers() {
        try (ModelSource gguf = ModelFiles.open(Refs.require("models/stories260K.gguf"));
             ModelSource hf = ModelFiles.open(Refs.require("models/stories260K-hf"))) {
            Tokenizer a = ModelTokenizers.of(gguf);
            Tokenizer b = ModelTokenizers.of(hf);
            assertEquals("stories260K.gguf", a.name());
            assertEquals("stories260K-hf", b.name());
            String text = "Lily and Ben played in the park.";
            assertArrayEquals(a.encode(text, false, true).ids(), b.encode(text, false, true).ids());
            assertEquals(1, a.bos().orElseThrow());
            assertEquals(1, b.bos().orElseThrow());
            assertTrue(a.isEndOfGeneration(2) && b.isEndOfGeneration(2), "</s> ends generation");
        }
    }

    @Test
    void ggufAndTokenizerJsonGiveTheSameIds() throws Exception {
        GgufTokenizer gguf = GgufTokenizer.open(Refs.require("models/stories260K.gguf"));
        HfTokenizer hf = HfTokenizer.open(Refs.require("models/stories260K-hf/tokenizer.json"), "stories260K-hf");
        List<String> texts = new ArrayList<>(Arrays.asList(Files.readString(
                Refs.require("tokenizer/llama.cpp-vocab/ggml-vocab-llama-spm.gguf.inp"), StandardCharsets.UTF_8)
                .split("\n__ggml_vocab_test__\n", -1)));
        texts.add("Once upon a time, there was a little girl named Lily. She loved to play outside in the park.");
        texts.add(Files.readString(Refs.require("corpus/war-and-peace.txt")).substring(50_000, 70_000));
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ .,!?'\n\t0123456789éü中😀  ";
        for (int n = 0; n < 300; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(40); i >= 0; i--) {
                sb.appendCodePoint(alphabet.codePoints().skip(random.nextInt((int) alphabet.codePoints().count()))
                        .findFirst().orElseThrow());
            }
            texts.add(sb.toString());
        }
        List<String> failures = new ArrayList<>();
        for (String text : texts) {
            for (boolean addSpecial : new boolean[] {false, true}) {
                int[] a = gguf.encode(text, false, addSpecial).ids();
                int[] b = hf.encode(text, false, addSpecial).ids();
                if (!Arrays.equals(a, b)) {
                    failures.add("'" + text.replace("\n", "\\n") + "'\n  gguf " + Arrays.toString(a) + "\n  hf   "
                            + Arrays.toString(b));
                }
            }
            assertEquals(new String(gguf.decode(gguf.encode(text, false).ids(), false), StandardCharsets.UTF_8),
                    new String(hf.decode(hf.encode(text, false).ids(), false), StandardCharsets.UTF_8));
        }
        assertTrue(failures.isEmpty(), failures.size() + " texts differ:\n"
                + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
    }
}
