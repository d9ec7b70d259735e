package dev.llmx.tokenize.bpe;

import dev.llmx.tokenize.text.LongHeap;

import java.util.Arrays;

/**
 * The BPE merge loop over one word: symbols start as single units (bytes or characters) and the adjacent pair with
 * the lowest merge rank is merged first (ties: the leftmost pair), until no adjacent pair has a merge. This is the
 * order both llama.cpp and Hugging Face's tokenizers use. Scratch arrays are kept between words.
 */
public final class BpeMerger {
    private final BpeRanks ranks;
    private int[] ids = new int[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int[] prev = new int[64];
    private int[] next = new int[64];
    private boolean[] dead = new boolean[64];
    private int count;
    private final LongHeap heap = new LongHeap();

    public BpeMerger(BpeRanks ranks) {
        this.ranks = ranks;
    }

    /** Starts a word; then {@link #add} its symbols in order and {@link #merge}. */
    public void reset() {
        count = 0;
    }

    /** Appends a symbol with its starting id (token, synthetic or -1) and the input range it covers. */
    public void add(int id, int start, int end) {
        if (count == ids.length) {
            int c = count * 2;
            ids = Arrays.copyOf(ids, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
            prev = Arrays.copyOf(prev, c);
            next = Arrays.copyOf(next, c);
            dead = Arrays.copyOf(dead, c);
        }
        ids[count] = id;
        starts[count] = start;
        ends[count] = end;
        prev[count] = count - 1;
        next[count] = -1;
        dead[count] = false;
        if (count > 0) {
            next[count - 1] = count;
        }
        count++;
    }

    public void merge() {
        heap.clear();
        for (int i = 1; i < count; i++) {
            push(i - 1, i);
        }
        while (!heap.isEmpty()) {
            long key = heap.pop();
            int left = (int) key;
            int rank = (int) (key >>> 32);
            int right = next[left];
            // Entries go stale when a neighbour merges; the pair as it is now must still carry this rank.
            if (dead[left] || right < 0 || ranks.rank(ids[left], ids[right]) != rank) {
                continue;
            }
            ids[left] = ranks.result(rank);
            ends[left] = ends[right];
            dead[right] = true;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                push(prev[left], left);
            }
            if (next[left] >= 0) {
                push(left, next[left]);
            }
        }
    }

    private void push(int left, int right) {
        int rank = ranks.rank(ids[left], ids[right]);
        if (rank >= 0) {
            heap.push(((long) rank << 32) | left);
        }
    }

    /** The first surviving symbol after {@link #merge}, or -1 for an empty word. */
    public int first() {
        return count == 0 ? -1 : 0;
    }

    /** The symbol after {@code symbol}, or -1. */
    public int next(int symbol) {
        return next[symbol];
    }

    public int id(int symbol) {
        return ids[symbol];
    }

    public int start(int symbol) {
        return starts[symbol];
    }

    public int end(int symbol) {
        return ends[symbol];
    }
}
