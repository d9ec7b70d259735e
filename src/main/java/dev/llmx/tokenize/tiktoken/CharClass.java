package dev.llmx.tokenize.tiktoken;

/**
 * The Unicode classes the tiktoken pre-tokenizers ask about, as bit flags of a code point, defined exactly as
 * {@code java.util.regex} defines them under {@code Pattern.UNICODE_CHARACTER_CLASS} (the flag jtokkit compiles its
 * patterns with): {@code \p{L}}, {@code \p{N}}, {@code \p{M}} are general categories and {@code \s} is the Unicode
 * White_Space property (Zs, Zl, Zp, U+0009–U+000D and U+0085).
 *
 * <p>Also reads code points from UTF-8: the pre-tokenizers scan the text's UTF-8 bytes (well-formed, as made by
 * {@code String.getBytes}), so that piece boundaries are byte offsets ready for the rank lookups and the spans.
 */
final class CharClass {
    /** {@code \p{L}}: Lu, Ll, Lt, Lm, Lo. */
    static final int LETTER = 1;
    /** {@code \p{N}}: Nd, Nl, No. */
    static final int NUMBER = 1 << 1;
    /** {@code \s}: Unicode White_Space. */
    static final int SPACE = 1 << 2;
    /** {@code [\r\n]}. */
    static final int NEWLINE = 1 << 3;
    /** o200k's "upper" class {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}. */
    static final int UPPERISH = 1 << 4;
    /** o200k's "lower" class {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}. */
    static final int LOWERISH = 1 << 5;

    private static final int[] BY_TYPE = new int[32];
    private static final int[] ASCII = new int[128];

    static {
        BY_TYPE[Character.UPPERCASE_LETTER] = LETTER | UPPERISH;
        BY_TYPE[Character.TITLECASE_LETTER] = LETTER | UPPERISH;
        BY_TYPE[Character.LOWERCASE_LETTER] = LETTER | LOWERISH;
        BY_TYPE[Character.MODIFIER_LETTER] = LETTER | UPPERISH | LOWERISH;
        BY_TYPE[Character.OTHER_LETTER] = LETTER | UPPERISH | LOWERISH;
        BY_TYPE[Character.NON_SPACING_MARK] = UPPERISH | LOWERISH;
        BY_TYPE[Character.ENCLOSING_MARK] = UPPERISH | LOWERISH;
        BY_TYPE[Character.COMBINING_SPACING_MARK] = UPPERISH | LOWERISH;
        BY_TYPE[Character.DECIMAL_DIGIT_NUMBER] = NUMBER;
        BY_TYPE[Character.LETTER_NUMBER] = NUMBER;
        BY_TYPE[Character.OTHER_NUMBER] = NUMBER;
        BY_TYPE[Character.SPACE_SEPARATOR] = SPACE;
        BY_TYPE[Character.LINE_SEPARATOR] = SPACE;
        BY_TYPE[Character.PARAGRAPH_SEPARATOR] = SPACE;
        for (int c = 0; c < 128; c++) {
            ASCII[c] = slow(c);
        }
    }

    private CharClass() {
    }

    private static int slow(int cp) {
        if (cp >= 0x09 && cp <= 0x0d || cp == 0x85) {
            return cp == '\r' || cp == '\n' ? SPACE | NEWLINE : SPACE;
        }
        return BY_TYPE[Character.getType(cp)];
    }

    /** The flags of code point {@code cp}. */
    static int of(int cp) {
        return cp < 128 ? ASCII[cp] : slow(cp);
    }

    /** The flags of the code point whose UTF-8 encoding starts at {@code t[i]}. */
    static int at(byte[] t, int i) {
        int b = t[i];
        return b >= 0 ? ASCII[b] : slow(codePoint(t, i));
    }

    /** The code point whose UTF-8 encoding starts at {@code t[i]}. */
    static int codePoint(byte[] t, int i) {
        int b0 = t[i];
        if (b0 >= 0) {
            return b0;
        }
        if ((b0 & 0xe0) == 0xc0) {
            return (b0 & 0x1f) << 6 | t[i + 1] & 0x3f;
        }
        if ((b0 & 0xf0) == 0xe0) {
            return (b0 & 0x0f) << 12 | (t[i + 1] & 0x3f) << 6 | t[i + 2] & 0x3f;
        }
        return (b0 & 0x07) << 18 | (t[i + 1] & 0x3f) << 12 | (t[i + 2] & 0x3f) << 6 | t[i + 3] & 0x3f;
    }

    /** Number of bytes of the UTF-8 sequence that starts with byte {@code b0}. */
    static int length(byte b0) {
        if (b0 >= 0) {
            return 1;
        }
        return (b0 & 0xe0) == 0xc0 ? 2 : (b0 & 0xf0) == 0xe0 ? 3 : 4;
    }

    /** End of the run of code points from {@code from} whose flags share a bit with {@code mask}. */
    static int runEnd(byte[] t, int from, int limit, int mask) {
        int i = from;
        while (i < limit) {
            byte b = t[i];
            if (b >= 0) {
                if ((ASCII[b] & mask) == 0) {
                    break;
                }
                i++;
            } else {
                if ((slow(codePoint(t, i)) & mask) == 0) {
                    break;
                }
                i += length(b);
            }
        }
        return i;
    }
}
