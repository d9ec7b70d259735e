package dev.llmx.tokenize.text;

import java.util.Arrays;

/**
 * Text as a tokenizer model sees it after normalization (a ▁ for each space, a prepended space, lower case …), with,
 * for every byte, the range of the original input it came from. Token spans found in the normalized text are mapped
 * back through it: a token covers from the start of its first byte's origin to the end of its last byte's origin, so
 * a ▁ that replaced a space covers that space and a prepended ▁ covers nothing.
 */
public final class NormalizedText {
    private byte[] bytes;
    private int[] originStart;
    private int[] originEnd;
    private int length;

    public NormalizedText(int capacity) {
        int c = Math.max(16, capacity);
        bytes = new byte[c];
        originStart = new int[c];
        originEnd = new int[c];
    }

    public void clear() {
        length = 0;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Appends one byte that stands for input bytes {@code [start, end)}. */
    public void append(byte b, int start, int end) {
        if (length == bytes.length) {
            grow(length + 1);
        }
        bytes[length] = b;
        originStart[length] = start;
        originEnd[length] = end;
        length++;
    }

    /** Appends bytes that all stand for input bytes {@code [start, end)} (a replacement of one character). */
    public void append(byte[] src, int start, int end) {
        if (length + src.length > bytes.length) {
            grow(length + src.length);
        }
        for (byte b : src) {
            bytes[length] = b;
            originStart[length] = start;
            originEnd[length] = end;
            length++;
        }
    }

    /** Start of the input range of normalized byte {@code i}. */
    public int originStart(int i) {
        return originStart[i];
    }

    /** End of the input range of normalized byte {@code i}. */
    public int originEnd(int i) {
        return originEnd[i];
    }

    /** A sink for tokens found in this text that passes them on with input spans. */
    public TokenSink mapTo(TokenSink out) {
        return (id, start, end) -> {
            if (end > start) {
                out.token(id, originStart[start], Math.max(originStart[start], originEnd[end - 1]));
            } else {
                int at = start < length ? originStart[start] : length > 0 ? originEnd[length - 1] : 0;
                out.token(id, at, at);
            }
        };
    }

    private void grow(int needed) {
        int c = Math.max(needed, bytes.length * 2);
        bytes = Arrays.copyOf(bytes, c);
        originStart = Arrays.copyOf(originStart, c);
        originEnd = Arrays.copyOf(originEnd, c);
    }
}
