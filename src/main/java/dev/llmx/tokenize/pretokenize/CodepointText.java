package dev.llmx.tokenize.pretokenize;

import java.util.Arrays;

/**
 * A piece of UTF-8 text as code points, with each code point's one-byte class code ({@link CodeMapping}) and the
 * byte offset where it starts, so that pre-tokenizers can work on characters and hand byte ranges back.
 */
public final class CodepointText {
    private final CodeMapping mapping;
    int[] cps = new int[16];
    byte[] codes = new byte[16];
    private int[] byteOffsets = new int[17];
    int length;

    public CodepointText(CodeMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * Decodes {@code utf8[from, to)}. Malformed bytes (which Java strings never produce) each become U+FFFD, as in
     * llama.cpp.
     */
    public void reset(byte[] utf8, int from, int to) {
        int capacity = to - from;
        if (cps.length < capacity) {
            int c = Math.max(capacity, cps.length * 2);
            cps = new int[c];
            codes = new byte[c];
            byteOffsets = new int[c + 1];
        }
        int n = 0;
        int i = from;
        while (i < to) {
            int b = utf8[i] & 0xFF;
            int cp;
            int len;
            if (b < 0x80) {
                cp = b;
                len = 1;
            } else if (b >= 0xC0 && b < 0xE0 && i + 1 < to && isCont(utf8[i + 1])) {
                cp = ((b & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
                len = 2;
            } else if (b >= 0xE0 && b < 0xF0 && i + 2 < to && isCont(utf8[i + 1]) && isCont(utf8[i + 2])) {
                cp = ((b & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
                len = 3;
            } else if (b >= 0xF0 && b < 0xF8 && i + 3 < to && isCont(utf8[i + 1]) && isCont(utf8[i + 2])
                    && isCont(utf8[i + 3])) {
                cp = ((b & 0x07) << 18) | ((utf8[i + 1] & 0x3F) << 12) | ((utf8[i + 2] & 0x3F) << 6)
                        | (utf8[i + 3] & 0x3F);
                len = 4;
            } else {
                cp = 0xFFFD;
                len = 1;
            }
            cps[n] = cp;
            codes[n] = (byte) mapping.code(cp);
            byteOffsets[n] = i - from;
            n++;
            i += len;
        }
        byteOffsets[n] = to - from;
        length = n;
    }

    /** Takes code points {@code cps[0, n)} as they are (byte offsets then count UTF-8 lengths). */
    public void reset(int[] cps, int n) {
        if (this.cps.length < n) {
            int c = Math.max(n, this.cps.length * 2);
            this.cps = new int[c];
            codes = new byte[c];
            byteOffsets = new int[c + 1];
        }
        int offset = 0;
        for (int i = 0; i < n; i++) {
            int cp = cps[i];
            this.cps[i] = cp;
            codes[i] = (byte) mapping.code(cp);
            byteOffsets[i] = offset;
            offset += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
        byteOffsets[n] = offset;
        length = n;
    }

    private static boolean isCont(byte b) {
        return (b & 0xC0) == 0x80;
    }

    public int length() {
        return length;
    }

    public int codePoint(int i) {
        return cps[i];
    }

    /** The class code of code point {@code i}. */
    public int code(int i) {
        return codes[i] & 0xFF;
    }

    /** Byte offset (from the start of the decoded range) where code point {@code i} starts; {@code i == length()} gives the end. */
    public int byteOffset(int i) {
        return byteOffsets[i];
    }

    public CodeMapping mapping() {
        return mapping;
    }

    /** The code points {@code [from, to)} as a string (for tests and messages). */
    public String substring(int from, int to) {
        return new String(Arrays.copyOfRange(cps, from, to), 0, to - from);
    }
}
