package dev.llmx.tokenize.vocab;

import java.util.Arrays;

/**
 * Byte strings → ids, looked up by a range of a larger array so that tokenizers never copy a candidate piece just to
 * ask whether it is a token. Open addressing over a power-of-two table; keys are kept by reference.
 */
public final class ByteStringIndex {
    private byte[][] keys;
    private int[] values;
    private int[] slots;
    private int mask;
    private int size;
    private int maxKeyLength;

    /** An empty index sized for {@code capacity} keys (it grows beyond that). */
    public ByteStringIndex(int capacity) {
        int c = Math.max(4, capacity);
        this.keys = new byte[c][];
        this.values = new int[c];
        allocateSlots(c);
    }

    private void allocateSlots(int capacity) {
        int tableSize = Integer.highestOneBit(Math.max(4, capacity * 2 + 1) - 1) << 1;
        slots = new int[tableSize];
        Arrays.fill(slots, -1);
        mask = tableSize - 1;
        for (int i = 0; i < size; i++) {
            int h = hash(keys[i], 0, keys[i].length) & mask;
            while (slots[h] >= 0) {
                h = (h + 1) & mask;
            }
            slots[h] = i;
        }
    }

    /**
     * Adds {@code key} → {@code value} unless the key is present already.
     *
     * @return the value the key now has (the earlier one when it was present)
     */
    public int putIfAbsent(byte[] key, int value) {
        int h = hash(key, 0, key.length) & mask;
        while (true) {
            int entry = slots[h];
            if (entry < 0) {
                if (size == keys.length) {
                    keys = Arrays.copyOf(keys, size * 2);
                    values = Arrays.copyOf(values, size * 2);
                    allocateSlots(size * 2);
                    return putIfAbsent(key, value);
                }
                keys[size] = key;
                values[size] = value;
                slots[h] = size++;
                maxKeyLength = Math.max(maxKeyLength, key.length);
                return value;
            }
            if (Arrays.equals(keys[entry], key)) {
                return values[entry];
            }
            h = (h + 1) & mask;
        }
    }

    /** The id of {@code bytes[from, to)}, or -1. */
    public int get(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length > maxKeyLength) {
            return -1;
        }
        int h = hash(bytes, from, to) & mask;
        while (true) {
            int entry = slots[h];
            if (entry < 0) {
                return -1;
            }
            byte[] key = keys[entry];
            if (key.length == length && Arrays.equals(key, 0, length, bytes, from, to)) {
                return values[entry];
            }
            h = (h + 1) & mask;
        }
    }

    public int get(byte[] key) {
        return get(key, 0, key.length);
    }

    public int size() {
        return size;
    }

    /** Length in bytes of the longest key. */
    public int maxKeyLength() {
        return maxKeyLength;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x9E3779B9 ^ (to - from);
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }
}
