package dev.llmx.tokenize.tiktoken;

/**
 * Splits text into the pieces that byte-pair encoding then works on separately (tiktoken's regex stage). Works on
 * UTF-8 bytes; a piece never splits a code point.
 */
interface PreTokenizer {
    /**
     * The end (exclusive) of the piece that starts at {@code start}, where {@code start < limit} and {@code limit}
     * acts as the end of the text.
     */
    int pieceEnd(byte[] text, int start, int limit);
}
