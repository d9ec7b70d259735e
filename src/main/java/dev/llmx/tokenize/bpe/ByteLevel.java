package dev.llmx.tokenize.bpe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's byte alphabet: every byte value is written as one printable character (printable Latin-1 as itself, the
 * rest as U+0100 onwards), so that byte-level BPE vocabularies can be stored as text. A space becomes {@code Ġ}.
 */
public final class ByteLevel {
    private static final int[] BYTE_TO_CHAR = new int[256];
    private static final int[] CHAR_TO_BYTE = new int[324];
    private static final byte[][] BYTE_TO_UTF8 = new byte[256][];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            int c = printable ? b : 256 + n++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
            BYTE_TO_UTF8[b] = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private ByteLevel() {
    }

    /** The character that stands for byte {@code b}. */
    public static int charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The UTF-8 of the character that stands for byte {@code b} (shared: do not modify). */
    public static byte[] utf8Of(int b) {
        return BYTE_TO_UTF8[b & 0xFF];
    }

    /** The byte a character stands for, or -1 when it is not in the alphabet. */
    public static int byteOf(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /**
     * The raw bytes a token written in the byte alphabet stands for; a character outside the alphabet becomes
     * llama.cpp's {@code [UNK_BYTE_0x…]} marker.
     */
    public static byte[] decode(byte[] tokenUtf8) {
        String text = new String(tokenUtf8, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int b = byteOf(c);
            if (b >= 0) {
                out.write(b);
            } else {
                StringBuilder marker = new StringBuilder("[UNK_BYTE_0x");
                for (byte u : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    marker.append(String.format("%02x", u & 0xFF));
                }
                marker.append(text).append(']');
                out.writeBytes(marker.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

}
