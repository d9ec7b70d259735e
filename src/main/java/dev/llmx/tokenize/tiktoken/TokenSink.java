package dev.llmx.tokenize.tiktoken;

import dev.llmx.tokenize.Encoded;

import java.util.Arrays;

/** Where encoding puts its tokens: ids with their byte spans, or only their number (the count fast path). */
final class TokenSink {
    private final boolean keep;
    private int size;
    private int[] ids;
    private int[] starts;
    private int[] ends;

    private TokenSink(boolean keep, int capacity) {
        this.keep = keep;
        int n = keep ? Math.max(16, capacity) : 0;
        this.ids = new int[n];
        this.starts = new int[n];
        this.ends = new int[n];
    }

    /** A sink that keeps ids and spans; {@code expected} sizes its first arrays. */
    static TokenSink keeping(int expected) {
        return new TokenSink(true, expected);
    }

    static TokenSink counting() {
        return new TokenSink(false, 0);
    }

    void add(int id, int start, int end) {
        if (keep) {
            if (size == ids.length) {
                int n = ids.length + (ids.length >> 1) + 16;
                ids = Arrays.copyOf(ids, n);
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
            }
            ids[size] = id;
            starts[size] = start;
            ends[size] = end;
        }
        size++;
    }

    int size() {
        return size;
    }

    Encoded toEncoded() {
        return new Encoded(Arrays.copyOf(ids, size), Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
    }
}
