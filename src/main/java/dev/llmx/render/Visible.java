package dev.llmx.render;

import java.nio.charset.StandardCharsets;

/**
 * Makes whitespace and control characters visible so that a token such as {@code " the"} or {@code "\n\n"}
 * can be read in a table: space {@code ·}, newline {@code ↵}, tab {@code →}, carriage return {@code ␍},
 * other controls as {@code <0x01>}. Byte sequences that are not complete UTF-8 (a token holding half of an
 * emoji) are shown as their bytes, {@code <F0 9F>}.
 */
public final class Visible {
    private Visible() {
    }

    public static String text(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            switch (cp) {
                case ' ' -> sb.append('·');
                case '\n' -> sb.append('↵');
                case '\t' -> sb.append('→');
                case '\r' -> sb.append('␍');
                default -> {
                    if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                        sb.append("<0x");
                        if (cp > 0xFF) { // U+2028, U+2029: all their digits, as %02X gave them
                            sb.append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT));
                        } else {
                            appendHex(sb, cp);
                        }
                        sb.append('>');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The bytes as visible text when they are complete UTF-8, otherwise as {@code <F0 9F 98>}. */
    public static String bytes(byte[] bytes) {
        String decoded = decodeStrict(bytes);
        return decoded != null ? text(decoded) : hex(bytes);
    }

    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3 + 2).append('<');
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            appendHex(sb, bytes[i] & 0xFF);
        }
        return sb.append('>').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Two upper-case hex digits of {@code b} (0…255), as {@code %02X} without a Formatter per byte. */
    private static void appendHex(StringBuilder sb, int b) {
        sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }

    /**
     * The bytes decoded as UTF-8, or {@code null} when they are not complete, valid UTF-8. Checked by hand, not by
     * a strict CharsetDecoder: a decoder per call and an exception (with its stack trace) per invalid piece made
     * tokenize's table of a byte-fallback tokenization (every token one lone byte) spend most of its time here.
     */
    public static String decodeStrict(byte[] bytes) {
        return isWellFormedUtf8(bytes) ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    /** Well-formed UTF-8 as Unicode's table 3-7 defines it: no overlong forms, no surrogates, nothing past U+10FFFF. */
    static boolean isWellFormedUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + n >= b.length) { // a sequence cut short
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int cont = b[i + k] & 0xFF;
                if (cont < 0x80 || cont > 0xBF) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }
}
