package dev.llmx.tokenize;

import dev.llmx.tokenize.text.ByteBuilder;

import java.util.OptionalInt;

/**
 * Text → token ids and back. Implemented by OpenAI's tiktoken encodings and by the tokenizers that real models carry
 * (SentencePiece, byte-level BPE, WordPiece — from GGUF metadata or a Hugging Face tokenizer.json).
 *
 * <p>Encoding reports, for every token, the span of input bytes (UTF-8) it came from, so that commands can show where
 * each token sits in the text. Where a tokenizer rewrites the text first (SentencePiece's ▁ for a space, a prepended
 * space, lower-casing) spans still point into the original input: a token covers the input characters its
 * normalized bytes came from, and a token made only of inserted text (the prepended ▁) has an empty span where it
 * was inserted.
 */
public interface Tokenizer {
    /** The name users type and JSON shows ({@code o200k_base}, or a model's tokenizer name). */
    String name();

    /** Number of ids, special tokens included; valid ids are {@code 0 … vocabSize()-1} minus any gaps. */
    int vocabSize();

    /**
     * Encodes {@code text} without adding anything of the tokenizer's own (no BOS/EOS).
     *
     * @param parseSpecial whether special-token text (such as {@code <|endoftext|>}) becomes its special id; when
     *                     false it is tokenized as ordinary text
     */
    Encoded encode(String text, boolean parseSpecial);

    /**
     * Encodes {@code text}; with {@code addSpecial}, adds the tokens the model's configuration asks for (BOS/EOS,
     * or [CLS]/[SEP]), with empty spans, as the reference implementation does.
     */
    default Encoded encode(String text, boolean parseSpecial, boolean addSpecial) {
        return encode(text, parseSpecial);
    }

    /** Number of tokens {@code text} encodes to; may be faster than {@link #encode} (no spans are kept). */
    default int count(String text, boolean parseSpecial) {
        return encode(text, parseSpecial).size();
    }

    /** Whether {@code encode(…, addSpecial = true)} adds tokens of the tokenizer's own (BOS, [CLS] …). */
    default boolean addsSpecialTokens() {
        return false;
    }

    /** Number of tokens {@link #encode(String, boolean, boolean)} gives. */
    default int count(String text, boolean parseSpecial, boolean addSpecial) {
        return addSpecial && addsSpecialTokens() ? encode(text, parseSpecial, true).size() : count(text, parseSpecial);
    }

    /** Whether {@code id} names a token of this vocabulary. */
    boolean isValid(int id);

    /**
     * The bytes token {@code id} stands for on its own (a SentencePiece ▁ shown as a space, a byte token as its
     * byte, a special token as its text); the caller checks {@link #isValid} first.
     */
    byte[] bytes(int id);

    /** Whether {@code id} is a special (control) token rather than text. */
    boolean isSpecial(int id);

    /**
     * A streaming decoder for a sequence of ids, giving exactly the reference implementation's text.
     *
     * @param renderSpecial whether special tokens appear as their text (else they decode to nothing)
     */
    default TextDecoder newDecoder(boolean renderSpecial) {
        return new TextDecoder() {
            @Override
            public void push(int id, ByteBuilder out) {
                if (renderSpecial || !isSpecial(id)) {
                    out.append(bytes(id));
                }
            }

            @Override
            public void finish(ByteBuilder out) {
            }
        };
    }

    /** Decodes a whole sequence (the bytes may be invalid UTF-8 where tokens split a character). */
    default byte[] decode(int[] ids, boolean renderSpecial) {
        TextDecoder d = newDecoder(renderSpecial);
        ByteBuilder out = new ByteBuilder(ids.length * 4);
        for (int id : ids) {
            d.push(id, out);
        }
        d.finish(out);
        return out.toByteArray();
    }

    /** The beginning-of-sequence token, when the vocabulary has one. */
    default OptionalInt bos() {
        return OptionalInt.empty();
    }

    /** The end-of-sequence token, when the vocabulary has one. */
    default OptionalInt eos() {
        return OptionalInt.empty();
    }

    /** Whether generating {@code id} ends generation (EOS, end-of-turn and their relatives). */
    default boolean isEndOfGeneration(int id) {
        return eos().isPresent() && eos().getAsInt() == id;
    }
}
