package dev.llmx.tokenize.text;

import java.util.Arrays;

/**
 * A trie over byte strings, for finding every listed string (special tokens, added tokens) that starts at a given
 * position of a text in one pass over the following bytes.
 */
public final class ByteTrie {
    private final LongIntMap children = new LongIntMap(64);
    private int[] values = new int[16];
    private int nodes = 1;

    public ByteTrie() {
        Arrays.fill(values, -1);
    }

    /** The root node, where every walk starts. */
    public static int root() {
        return 0;
    }

    /** Adds {@code key} with {@code value} (≥ 0); an existing key keeps its first value. */
    public void put(byte[] key, int value) {
        int node = 0;
        for (byte b : key) {
            long edge = ((long) node << 8) | (b & 0xFF);
            int child = children.get(edge, -1);
            if (child < 0) {
                child = nodes++;
                if (child == values.length) {
                    int old = values.length;
                    values = Arrays.copyOf(values, old * 2);
                    Arrays.fill(values, old, values.length, -1);
                }
                children.putIfAbsent(edge, child);
            }
            node = child;
        }
        if (values[node] < 0) {
            values[node] = value;
        }
    }

    /** The node reached from {@code node} by byte {@code b}, or -1. */
    public int step(int node, byte b) {
        return children.get(((long) node << 8) | (b & 0xFF), -1);
    }

    /** The value of the key ending at {@code node}, or -1. */
    public int value(int node) {
        return values[node];
    }

    public boolean isEmpty() {
        return nodes == 1;
    }
}
