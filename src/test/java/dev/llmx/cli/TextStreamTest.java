package dev.llmx.cli;

import dev.llmx.cli.generate.TextStream;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.tokenize.ModelTokenizers;
import dev.llmx.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Streaming generated text never writes half a character, and decodes the continuation as part of the sequence. */
class TextStreamTest {
    static final Tokenizer TOKENIZER = ModelTokenizers.open(EmbeddedModel.path());
    /** The embedded vocabulary's byte-fallback tokens for 0xC3 and 0xA9, the two bytes of "é". */
    static final int BYTE_C3 = 198;
    static final int BYTE_A9 = 172;

    @Test
    void aCharacterSplitAcrossTokensIsWrittenWhenComplete() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextStream stream = new TextStream(TOKENIZER, new int[] {1}, out);
        stream.push(BYTE_C3);
        assertEquals(0, out.size(), "half a character is held back");
        stream.push(BYTE_A9);
        assertEquals("é", out.toString(StandardCharsets.UTF_8));
        stream.finish();
        assertEquals("é", stream.text());
    }

    @Test
    void theContinuationKeepsItsLeadingSpace() {
        // After the prompt, "▁named" is " named" (a sequence's first token would lose the space).
        int[] prompt = TOKENIZER.encode("Lily saw a big dog", true, true).ids();
        int named = TOKENIZER.encode("named", false, false).ids()[0];
        TextStream stream = new TextStream(TOKENIZER, prompt, null);
        stream.push(named);
        stream.finish();
        assertEquals(" named", stream.text());
    }
}
