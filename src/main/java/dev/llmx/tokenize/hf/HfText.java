package dev.llmx.tokenize.hf;

import java.util.Arrays;

/**
 * Text inside the Hugging Face pipeline (Hugging Face's {@code NormalizedString}): code points, each with the byte
 * range of the original input it came from, so that normalizers and pre-tokenizers can rewrite and cut the text
 * while token spans still point into the input. Inserted characters (a prepended ▁) have an empty range.
 */
final class HfText {
    private int[] cps;
    private int[] starts;
    private int[] ends;
    private int length;

    HfText(int capacity) {
        int c = Math.max(8, capacity);
        cps = new int[c];
        starts = new int[c];
        ends = new int[c];
    }

    /** The UTF-8 input {@code utf8[from, to)} as it is (valid UTF-8, as Java strings encode). */
    static HfText of(byte[] utf8, int from, int to) {
        HfText t = new HfText(to - from);
        int i = from;
        while (i < to) {
            int b = utf8[i] & 0xFF;
            int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            len = Math.min(len, to - i);
            int cp = switch (len) {
                case 1 -> b;
                case 2 -> ((b & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
                case 3 -> ((b & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
                default -> ((b & 0x07) << 18) | ((utf8[i + 1] & 0x3F) << 12) | ((utf8[i + 2] & 0x3F) << 6)
                        | (utf8[i + 3] & 0x3F);
            };
            t.append(cp, i, i + len);
            i += len;
        }
        return t;
    }

    void append(int cp, int start, int end) {
        if (length == cps.length) {
            int c = length * 2;
            cps = Arrays.copyOf(cps, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
        }
        cps[length] = cp;
        starts[length] = start;
        ends[length] = end;
        length++;
    }

    /** Appends characters {@code [from, to)} of {@code other} with their origins. */
    void append(HfText other, int from, int to) {
        for (int i = from; i < to; i++) {
            append(other.cps[i], other.starts[i], other.ends[i]);
        }
    }

    HfText slice(int from, int to) {
        HfText t = new HfText(to - from);
        t.append(this, from, to);
        return t;
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    int cp(int i) {
        return cps[i];
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** Where an insertion before character {@code i} sits in the input (an empty range there). */
    int anchor(int i) {
        if (i < length) {
            return starts[i];
        }
        return length > 0 ? ends[length - 1] : 0;
    }

    /** The code points as a Java string. */
    @Override
    public String toString() {
        return new String(cps, 0, length);
    }
}
