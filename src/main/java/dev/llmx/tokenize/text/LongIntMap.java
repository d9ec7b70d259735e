package dev.llmx.tokenize.text;

import java.util.Arrays;

/** {@code long → int} hash map with open addressing, no boxing; keys must not be {@link Long#MIN_VALUE}. */
public final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    public LongIntMap(int expected) {
        int c = Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1;
        keys = new long[c];
        Arrays.fill(keys, EMPTY);
        values = new int[c];
        mask = c - 1;
    }

    /** The value of {@code key}, or {@code missing}. */
    public int get(long key, int missing) {
        int h = mix(key) & mask;
        while (true) {
            long k = keys[h];
            if (k == key) {
                return values[h];
            }
            if (k == EMPTY) {
                return missing;
            }
            h = (h + 1) & mask;
        }
    }

    /** Stores {@code key → value} unless the key is present; returns the value the key now has. */
    public int putIfAbsent(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            rehash();
        }
        int h = mix(key) & mask;
        while (true) {
            long k = keys[h];
            if (k == key) {
                return values[h];
            }
            if (k == EMPTY) {
                keys[h] = key;
                values[h] = value;
                size++;
                return value;
            }
            h = (h + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
