package dev.llmx.io;

import dev.llmx.LlmxException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes input bytes as UTF-8 without silent corruption: invalid bytes are an error naming their offset,
 * unless the user asked for {@code --lossy} (then they become U+FFFD, as most editors show them).
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * @param source     how the user names the input (a path, "standard input"), for the error message
     * @param baseOffset byte offset of {@code bytes[0]} within the whole input, so streamed lines report true offsets
     */
    public static String decode(byte[] bytes, String source, long baseOffset, boolean lossy) {
        return decode(bytes, source, baseOffset, lossy, "; fix the input or pass --lossy to replace invalid bytes with U+FFFD");
    }

    /** Strict decoding for a command that has no {@code --lossy}: the error says only how to fix the input. */
    public static String decodeStrict(byte[] bytes, String source, long baseOffset) {
        return decode(bytes, source, baseOffset, false, "; fix the input (it must be UTF-8)");
    }

    private static String decode(byte[] bytes, String source, long baseOffset, boolean lossy, String advice) {
        if (isAscii(bytes)) {
            // Most text is ASCII: the JDK's fast path, no decoder.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (lossy) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            long offset = baseOffset + in.position();
            throw new LlmxException(source + ": invalid UTF-8 at byte offset " + offset + " (byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF)
                    + ")" + advice);
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Number of UTF-8 bytes of {@code text} without encoding it. */
    public static int byteLength(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
