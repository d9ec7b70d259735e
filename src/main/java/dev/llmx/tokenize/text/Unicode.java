package dev.llmx.tokenize.text;

import java.text.Normalizer;

/**
 * The character facts tokenizers depend on, as llama.cpp's {@code unicode.cpp} defines them: one general category
 * per code point (letter, number, mark, punctuation, symbol, separator, control, unassigned), a whitespace set, a
 * lower-case mapping and a one-code-point NFD. Hugging Face's tokenizers use the same categories.
 *
 * <p>The categories come from the JDK ({@link Character#getType}); llama.cpp's tables were generated from a newer
 * Unicode version, so the two can disagree only on characters assigned after the JDK's Unicode version.
 */
public final class Unicode {
    /** Unassigned code point (category Cn). */
    public static final int UNDEFINED = 0x0001;
    /** \p{N}. */
    public static final int NUMBER = 0x0002;
    /** \p{L}. */
    public static final int LETTER = 0x0004;
    /** \p{Z}. */
    public static final int SEPARATOR = 0x0008;
    /** \p{M}. */
    public static final int MARK = 0x0010;
    /** \p{P}. */
    public static final int PUNCTUATION = 0x0020;
    /** \p{S}. */
    public static final int SYMBOL = 0x0040;
    /** \p{C} other than unassigned: controls, format characters, private use, surrogates. */
    public static final int CONTROL = 0x0080;
    /** The Unicode White_Space property (what Python's and Rust's regex {@code \s} match). */
    public static final int WHITESPACE = 0x0100;

    private static final int CATEGORY_MASK = 0x00FF;
    private static final short[] BMP_FLAGS = new short[0x10000];

    static {
        for (int cp = 0; cp < 0x10000; cp++) {
            BMP_FLAGS[cp] = (short) compute(cp);
        }
    }

    /** Built on first use: only BERT vocabularies strip accents. */
    private static final class NfdTable {
        static final char[] BMP_FIRST = new char[0x10000];

        static {
            for (int cp = 0; cp < 0x10000; cp++) {
                BMP_FIRST[cp] = (char) computeNfdFirst(cp);
            }
        }
    }

    private Unicode() {
    }

    /** The category bit of {@code cp}, plus {@link #WHITESPACE} where it applies. Out-of-range values give 0. */
    public static int flags(int cp) {
        if (cp < 0x10000) {
            return cp < 0 ? 0 : BMP_FLAGS[cp];
        }
        return cp <= Character.MAX_CODE_POINT ? compute(cp) : 0;
    }

    /** The category bit alone (one of the constants above). */
    public static int category(int cp) {
        return flags(cp) & CATEGORY_MASK;
    }

    public static boolean isWhitespace(int cp) {
        return (flags(cp) & WHITESPACE) != 0;
    }

    /** Simple lower-case mapping (the first code point of the full mapping, as llama.cpp's table holds). */
    public static int toLowerCase(int cp) {
        return Character.toLowerCase(cp);
    }

    /**
     * The first code point of {@code cp}'s canonical decomposition: the base letter of an accented letter. llama.cpp
     * strips accents this way for BERT vocabularies (so a Hangul syllable becomes its first jamo, as there).
     */
    public static int nfdFirst(int cp) {
        if (cp >= 0 && cp < 0x10000) {
            return NfdTable.BMP_FIRST[cp];
        }
        return computeNfdFirst(cp);
    }

    /** Whether {@code cp} is a CJK ideograph in the ranges BERT's basic tokenizer splits into single characters. */
    public static boolean isBertChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                // BERT's reference code says 0x2B920 where the block starts at 0x2B820; llama.cpp keeps that.
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Han ideographs as llama.cpp's Kimi-K2 pre-tokenizer recognises them. */
    public static boolean isHan(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0x2CEB0 && cp <= 0x2EBEF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static int compute(int cp) {
        int category = switch (Character.getType(cp)) {
            case Character.UNASSIGNED -> UNDEFINED;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            case Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.CONNECTOR_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> SYMBOL;
            default -> CONTROL;
        };
        return category | (isWhiteSpaceProperty(cp) ? WHITESPACE : 0);
    }

    /** The White_Space property: tab to carriage return, space, NEL, no-break space and the Unicode spaces. */
    private static boolean isWhiteSpaceProperty(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    private static int computeNfdFirst(int cp) {
        if (cp < 0xC0 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            return cp;
        }
        String s = new String(Character.toChars(cp));
        if (Normalizer.isNormalized(s, Normalizer.Form.NFD)) {
            return cp;
        }
        return Normalizer.normalize(s, Normalizer.Form.NFD).codePointAt(0);
    }
}
