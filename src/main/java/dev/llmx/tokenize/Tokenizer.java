package dev.llmx.tokenize;

/**
 * Text → token ids and back. Implemented by OpenAI's tiktoken encodings and, later, by the tokenizers that
 * real models carry (SentencePiece, byte-level BPE, WordPiece).
 *
 * <p>Every token is a byte string; decoding is concatenating them. Encoding reports, for every token, the span of
 * input bytes (UTF-8) it came from, so that commands can show where each token sits in the text.
 */
public interface Tokenizer {
    /** The name users type and JSON shows ({@code o200k_base}, or a model's tokenizer name). */
    String name();

    /** Number of ids, special tokens included; valid ids are {@code 0 … vocabSize()-1} minus any gaps. */
    int vocabSize();

    /**
     * Encodes {@code text}.
     *
     * @param parseSpecial whether special-token text (such as {@code <|endoftext|>}) becomes its special id; when
     *                     false it is tokenized as ordinary text
     */
    Encoded encode(String text, boolean parseSpecial);

    /** Number of tokens {@code text} encodes to; may be faster than {@link #encode} (no spans are kept). */
    default int count(String text, boolean parseSpecial) {
        return encode(text, parseSpecial).size();
    }

    /** Whether {@code id} names a token of this vocabulary. */
    boolean isValid(int id);

    /** The bytes of token {@code id}; the caller checks {@link #isValid} first. */
    byte[] bytes(int id);

    /** Whether {@code id} is a special (control) token rather than text. */
    boolean isSpecial(int id);
}
