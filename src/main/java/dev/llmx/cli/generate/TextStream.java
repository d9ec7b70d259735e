package dev.llmx.cli.generate;

import dev.llmx.render.OutputClosedException;
import dev.llmx.tokenize.TextDecoder;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.Utf8Stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Generated tokens → text, as they arrive. The tokenizer's streaming decoder gives the bytes the reference decoder
 * would (it was first fed the prompt, so the continuation decodes as the rest of the sequence, not as a text of its
 * own); a UTF-8 stream then holds back the bytes of a character split across tokens until it is complete, so a
 * terminal never sees half a character. The text is also collected for the JSON.
 */
public final class TextStream {
    private final TextDecoder decoder;
    private final Utf8Stream utf8 = new Utf8Stream();
    private final ByteBuilder bytes = new ByteBuilder();
    private final StringBuilder text = new StringBuilder();
    private final OutputStream out;
    private final StringBuilder pending = new StringBuilder();

    /**
     * @param out where to stream the text (null: collect only)
     */
    public TextStream(Tokenizer tokenizer, int[] promptTokens, OutputStream out) {
        this.decoder = tokenizer.newDecoder(false);
        this.out = out;
        for (int id : promptTokens) {
            decoder.push(id, bytes);
        }
        bytes.clear();
    }

    public void push(int id) {
        decoder.push(id, bytes);
        drain(false);
    }

    /** Releases what the decoders held back; the text is then complete. */
    public void finish() {
        decoder.finish(bytes);
        drain(true);
    }

    /** The text so far. */
    public String text() {
        return text.toString();
    }

    private void drain(boolean end) {
        utf8.push(bytes.array(), 0, bytes.length(), pending);
        bytes.clear();
        if (end) {
            utf8.finish(pending);
        }
        if (pending.length() == 0) {
            return;
        }
        text.append(pending);
        if (out != null) {
            try {
                out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new OutputClosedException();
            }
        }
        pending.setLength(0);
    }
}
