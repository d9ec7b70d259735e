package dev.llmx.tokenize.text;

import dev.llmx.tokenize.Encoded;

import java.util.Arrays;

/** A growable list of tokens with their byte spans, turned into an {@link Encoded} at the end. */
public final class TokenList implements TokenSink {
    private int[] ids;
    private int[] starts;
    private int[] ends;
    private int size;

    public TokenList(int capacity) {
        int c = Math.max(4, capacity);
        ids = new int[c];
        starts = new int[c];
        ends = new int[c];
    }

    @Override
    public void token(int id, int start, int end) {
        if (size == ids.length) {
            int c = ids.length * 2;
            ids = Arrays.copyOf(ids, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
        }
        ids[size] = id;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    /** Drops the tokens after the first {@code newSize}. */
    public void truncate(int newSize) {
        size = newSize;
    }

    public Encoded toEncoded() {
        return new Encoded(Arrays.copyOf(ids, size), Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
    }
}
