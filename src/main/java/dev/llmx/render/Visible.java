package dev.llmx.render;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
                        sb.append(String.format("<0x%02X>", cp));
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
            sb.append(String.format("%02X", bytes[i] & 0xFF));
        }
        return sb.append('>').toString();
    }

    /** The bytes decoded as UTF-8, or {@code null} when they are not complete, valid UTF-8. */
    public static String decodeStrict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
