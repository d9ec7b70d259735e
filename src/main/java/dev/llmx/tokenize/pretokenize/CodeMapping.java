package dev.llmx.tokenize.pretokenize;

import dev.llmx.tokenize.text.Unicode;

/**
 * How a pre-tokenizer's character classes see a code point: each code point gets a one-byte code, and a class is a
 * set of codes (plus, for literal non-ASCII ranges, a set of code points). ASCII keeps its own code in both mappings.
 */
public enum CodeMapping {
    /**
     * llama.cpp's "collapsed" text: a non-ASCII code point becomes {@code 0x0B} when it is whitespace, else one code
     * per general category ({@code 0xD0} other, {@code 0xD1} number, {@code 0xD2} letter, {@code 0xD3} punctuation,
     * {@code 0xD4} mark, {@code 0xD5} symbol). Its regexes cannot tell upper from lower case beyond ASCII.
     */
    LLAMA_CPP {
        @Override
        int code(int cp) {
            if (cp < 0x80) {
                return cp;
            }
            int flags = Unicode.flags(cp);
            if ((flags & Unicode.WHITESPACE) != 0) {
                return 0x0B;
            }
            return switch (flags & 0xFF) {
                case Unicode.NUMBER -> NUMBER;
                case Unicode.LETTER -> LETTER;
                case Unicode.PUNCTUATION -> PUNCTUATION;
                case Unicode.MARK -> MARK;
                case Unicode.SYMBOL -> SYMBOL;
                default -> OTHER;
            };
        }
    },
    /**
     * Full Unicode categories, as Hugging Face's tokenizers (Oniguruma) see them: a non-ASCII code point becomes
     * {@code 0x80 + }{@link Character#getType}, or {@code 0xC0} when it is whitespace.
     */
    UNICODE {
        @Override
        int code(int cp) {
            if (cp < 0x80) {
                return cp;
            }
            if (Unicode.isWhitespace(cp)) {
                return UNICODE_SPACE;
            }
            return 0x80 + Character.getType(cp);
        }
    };

    static final int OTHER = 0xD0;
    static final int NUMBER = 0xD1;
    static final int LETTER = 0xD2;
    static final int PUNCTUATION = 0xD3;
    static final int MARK = 0xD4;
    static final int SYMBOL = 0xD5;
    static final int UNICODE_SPACE = 0xC0;

    /** The one-byte code of {@code cp}. */
    abstract int code(int cp);

    /** Whether {@code code} stands for whitespace. */
    boolean isSpaceCode(int code) {
        return code == ' ' || (code >= '\t' && code <= '\r') || code == UNICODE_SPACE;
    }
}
