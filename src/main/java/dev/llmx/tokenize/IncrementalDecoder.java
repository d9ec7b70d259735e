package dev.llmx.tokenize;

import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.Utf8Stream;

/**
 * Turns generated tokens into text as they come, for printing while a model generates: each {@link #add} returns the
 * text that is now final. Whatever a later token can still change is held back — a character whose UTF-8 bytes are
 * split across tokens, a run of byte tokens, a space the tokenizer's clean-up may still remove — so the pieces
 * returned, joined, equal decoding the whole sequence at once (malformed bytes become U+FFFD).
 */
public final class IncrementalDecoder {
    private final TextDecoder decoder;
    private final Utf8Stream utf8 = new Utf8Stream();
    private final ByteBuilder bytes = new ByteBuilder();
    private final StringBuilder text = new StringBuilder();

    /**
     * @param renderSpecial whether special tokens (end of turn …) appear as their text
     */
    public IncrementalDecoder(Tokenizer tokenizer, boolean renderSpecial) {
        this.decoder = tokenizer.newDecoder(renderSpecial);
    }

    /** Adds one token; returns the text that became final (often empty while a character is incomplete). */
    public String add(int id) {
        bytes.clear();
        decoder.push(id, bytes);
        return drain(false);
    }

    /** Ends the sequence; returns what was held back. */
    public String finish() {
        bytes.clear();
        decoder.finish(bytes);
        return drain(true);
    }

    private String drain(boolean end) {
        text.setLength(0);
        utf8.push(bytes.array(), 0, bytes.length(), text);
        if (end) {
            utf8.finish(text);
        }
        return text.toString();
    }
}
