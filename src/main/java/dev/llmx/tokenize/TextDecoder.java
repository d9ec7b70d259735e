package dev.llmx.tokenize;

import dev.llmx.tokenize.text.ByteBuilder;

/**
 * Turns token ids back into text one token at a time, exactly as the tokenizer's reference implementation decodes
 * a whole sequence: rules that look at neighbouring tokens (a leading space removed from the first token, spaces
 * before punctuation cleaned up, byte tokens joined) hold back what later tokens may still change, and
 * {@link #finish} releases the rest. Decoding a sequence all at once is pushing every id, then finishing.
 */
public interface TextDecoder {
    /** Adds token {@code id}; appends to {@code out} the bytes that are now final. */
    void push(int id, ByteBuilder out);

    /** Ends the sequence; appends what was held back. */
    void finish(ByteBuilder out);
}
