package dev.llmx.tokenize.tiktoken;

import java.util.List;
import java.util.Random;

/**
 * Seeded random strings built from the material that trips pre-tokenizers: every Unicode letter category, marks,
 * numbers of all kinds, every White_Space character and some that only look like space, contractions in mixed
 * case, emoji sequences (ZWJ, skin tones, flags, keycaps), CJK, supplementary letters and random code points.
 */
final class UnicodeFuzz {
    private static final List<String> ATOMS = List.of(
            // ASCII
            "a", "z", "A", "Z", "hello", "World", "HTTP", "x", "0", "7", "42", "12345", " ", "  ", "\t", "\n", "\r",
            "\r\n", "\n\n", ".", ",", "!", "?", "/", "//", "\\", "-", "_", "(", ")", "{", "}", "\"", "<", ">", "|",
            "<|", "|>", "<|endoftext|>", "#", "@", "$", "%", "&", "*", "+", "=", "~", "`", "^", "\u0000", "\u001b",
            // contractions in every case, and things that look like them
            "'", "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'lL",
            "'d", "'D", "'ſ", "'x", "'\u0130", "'\u212a", "\u2019s", "DON'T", "don't", "I'M", "we'VE",
            // letters of every category
            "é", "ß", "ſ", "Æ", "æ", "ǅ", "ǈ", "ʰ", "ˆ", "ª", "º", "Ω", "ω", "Ж", "ж", "ﬁ", "İ", "ı", "K", "Å",
            "中", "文", "日本語", "ひらがな", "カタカナ", "ー", "々", "한국어", "ﾊ", "א", "ب", "ع", "ह", "ि", "क्षि",
            "ก", "ั", "\u1e9e", "\u0149",
            // marks, Zalgo
            "\u0301", "\u0300", "\u0489", "\u0903", "\u20dd", "e\u0301", "Z\u0351\u036b\u0343\u036a\u0302\u036b",
            "\u0336", "\u0e31",
            // numbers of every kind
            "²", "½", "Ⅻ", "ⅻ", "٣", "۴", "१", "①", "\ud835\udfd8", "\ud800\udd07", "𝟙𝟚", "〇",
            // white space and look-alikes
            "\u00a0", "\u1680", "\u2000", "\u2007", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
            "\u0085", "\u000b", "\u000c", "\u001c", "\u001f", "\u180e", "\u200b", "\u200d", "\ufeff", "\u00ad",
            // emoji
            "😀", "👍", "👍🏽", "🏻", "👨‍👩‍👧‍👦", "🧑🏿‍🚀", "🏳️‍🌈", "🇺🇸", "🇯🇵", "1️⃣", "❤️", "✨", "🤖",
            // supplementary letters and others
            "\ud835\udc00", "\ud835\udc1a", "\ud840\udc00", "\ud801\udc00", "\ud801\udc28", "\ud83c\udd70",
            "\ue000", "\u0378", "\uffff", "\ufffd", "\udbff\udfff", "€", "©", "™", "«", "»", "“", "”", "—", "…");

    private final Random random;

    UnicodeFuzz(long seed) {
        random = new Random(seed);
    }

    /** A string of up to {@code maxAtoms} pieces of material and random code points. */
    String next(int maxAtoms) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(maxAtoms + 1);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                sb.append(ATOMS.get(random.nextInt(ATOMS.size())));
            } else if (kind < 9) {
                sb.appendCodePoint(randomBmp());
            } else {
                sb.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
            }
        }
        return sb.toString();
    }

    private int randomBmp() {
        while (true) {
            int c = random.nextInt(0x10000);
            if (!Character.isSurrogate((char) c)) {
                return c;
            }
        }
    }

    Random random() {
        return random;
    }
}
