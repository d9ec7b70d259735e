package dev.llmx.tokenize.pretokenize;

import java.util.Arrays;

/**
 * A split of a text into consecutive pieces, kept as the list of piece ends ({@code [end(i-1), end(i))} is piece
 * i, the first starting at 0). Adding an end equal to the previous one is ignored, so empty pieces never appear.
 */
public final class Cuts {
    private int[] ends = new int[16];
    private int size;

    public void clear() {
        size = 0;
    }

    /** Closes the current piece at {@code end}. */
    public void add(int end) {
        if (size > 0 && ends[size - 1] == end) {
            return;
        }
        if (end == 0 && size == 0) {
            return;
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
        }
        ends[size++] = end;
    }

    /** Makes this split equal to {@code other}. */
    public void copyFrom(Cuts other) {
        if (ends.length < other.size) {
            ends = new int[other.ends.length];
        }
        System.arraycopy(other.ends, 0, ends, 0, other.size);
        size = other.size;
    }

    public int size() {
        return size;
    }

    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    public int end(int i) {
        return ends[i];
    }
}
