package dev.llmx.tokenize.text;

import java.util.Arrays;

/**
 * A min-heap of {@code long} keys without boxing: the merge queues of BPE and SentencePiece push millions of packed
 * (priority, position) keys for a large text, and an object per entry would dominate the cost.
 */
public final class LongHeap {
    private long[] heap = new long[64];
    private int size;

    public void clear() {
        size = 0;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void push(long key) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    /** Removes and returns the smallest key; the heap must not be empty. */
    public long pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return top;
    }
}
