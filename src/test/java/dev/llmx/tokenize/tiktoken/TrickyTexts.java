package dev.llmx.tokenize.tiktoken;

import java.util.List;

/** Hand-picked texts that exercise every branch of the tiktoken pre-tokenizers. */
final class TrickyTexts {
    static final List<String> ALL = List.of(
            "",
            "hi",
            "Hello, world!",
            "hello world",
            " leading space",
            "trailing space ",
            "DON'T you dare, I'M here; we'VE been; they'RE; you'LL; he'D; it'S",
            "don't I'm we've they're you'll he'd it's 'tis 'twas",
            "'s 'S 'ſ 'x ' 'll 'LL",
            "Ünïcödé façade naïve Ærøskøbing straße ſtraſse",
            "Ωmega ΣΊΣΥΦΟΣ σίσυφος Привет МИР",
            "中文字符测试，日本語のテキスト、한국어 텍스트。",
            "カタカナーとひらがな々",
            "e\u0301 a\u0300\u0301\u0302 Z\u0351\u036b\u0343\u036a\u0302\u036b\u0352\u0350\u0311a\u0316\u0317\u0318",
            "\u0301leading mark \u0301ABC \u0301abc",
            "\u0903 \u0489 \u20dd",
            "👨‍👩‍👧‍👦 family, 👍🏽 thumbs, 🏳️‍🌈 flag, 🇺🇸🇯🇵 flags, 1️⃣ keycap, 🧑🏿‍🚀",
            "😀😀😀 emoji run",
            "line one\nline two\r\nline three\rline four\n\n\n",
            "\r\n\r\n  \r\n\t\n",
            "spaces     between      words",
            "tabs\t\tand\t\t\ttabs",
            "    ",
            "\n",
            " \n ",
            "a \n b",
            "x  \u3000y\u00a0z\u2028w\u2029v\u0085u\u000bt\u000cs",
            "1 12 123 1234 12345 123456 1234567",
            "3.14159 2,718 1e10 0x1F -42 +7",
            "²½Ⅻ ٣٤٥ १२३ ①②③ 𝟘𝟙𝟚",
            "https://example.com/path/to/file?query=1&x=2",
            "a/b//c\n/d",
            "!!!???...,,,;;;:::",
            " !!! \n\n",
            "<|endoftext|> <|fim_prefix|><|fim_middle|><|fim_suffix|><|endofprompt|>",
            "<|endoftext",
            "\u0000\u0001\u001b[31mred\u001b[0m",
            "ǅungla ǈ ʰ ª º ˆ",
            "MixedCASEWordsAndCamelCase XMLHttpRequest iPhone",
            "𝐀𝐁𝐂 𝐚𝐛𝐜 𐐀𐐨 𠀀𠀁",
            "\ue000\uffff\ufffd\u0378",
            "\u200b\u200d\ufeff\u00ad",
            "tab\tbefore letter, \tnumber \t1, space\t.",
            "  \u0301",
            ".Hello .hello .HELLO",
            "'''''",
            "a'",
            "'",
            " '",
            "$$$ €€€ ™©®",
            "def f(x):\n    return x * 2\n\n\nclass A:\n\tpass\n");

    private TrickyTexts() {
    }

    /** The text with non-printable and non-ASCII characters as \\u escapes, for failure messages. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
