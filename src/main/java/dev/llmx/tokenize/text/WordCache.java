package dev.llmx.tokenize.text;

import java.util.Arrays;

/**
 * Remembers how recent words were tokenized (natural text repeats its words), looked up by a byte range without
 * copying it. Bounded: when full it starts over, so memory stays fixed however much text passes through. Not
 * thread-safe; each thread keeps its own.
 */
public final class WordCache {
    /** Words longer than this are not cached (rare, and would make entries large). */
    public static final int MAX_WORD_BYTES = 64;

    private final byte[][] keys;
    private final int[][] values;
    private final int mask;
    private int size;

    public WordCache(int capacity) {
        int c = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        keys = new byte[c][];
        values = new int[c][];
        mask = c - 1;
    }

    /**
     * The cached tokens of {@code bytes[from, to)} as {@code [id0, length0, id1, length1, …]} (lengths in bytes of
     * the word), or null.
     */
    public int[] get(byte[] bytes, int from, int to) {
        int h = hash(bytes, from, to) & mask;
        while (true) {
            byte[] k = keys[h];
            if (k == null) {
                return null;
            }
            if (k.length == to - from && Arrays.equals(k, 0, k.length, bytes, from, to)) {
                return values[h];
            }
            h = (h + 1) & mask;
        }
    }

    public void put(byte[] bytes, int from, int to, int[] tokens) {
        if (to - from > MAX_WORD_BYTES) {
            return;
        }
        if (size * 2 >= keys.length) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
        }
        int h = hash(bytes, from, to) & mask;
        while (keys[h] != null) {
            h = (h + 1) & mask;
        }
        keys[h] = Arrays.copyOfRange(bytes, from, to);
        values[h] = tokens;
        size++;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5 ^ (to - from);
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
