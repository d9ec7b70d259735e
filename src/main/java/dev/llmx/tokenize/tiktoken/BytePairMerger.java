package dev.llmx.tokenize.tiktoken;

/**
 * Byte-pair encoding of one piece, as tiktoken defines it: start from single bytes and repeatedly merge the
 * adjacent pair whose concatenation has the lowest rank, the leftmost one when several share it, until no adjacent
 * pair is a token.
 *
 * <p>Short pieces (nearly all) use tiktoken's own array scan, quadratic but with tiny constants. Long ones (a run of
 * 100 000 spaces, a megabyte of one letter) use a linked list of parts and an indexed heap keyed by (rank, position),
 * which picks the same pair at every step in O(log n), with memory linear in the piece.
 *
 * <p>Holds scratch arrays, so one instance serves one thread (one encode call).
 */
final class BytePairMerger {
    /** Pieces longer than this many bytes take the heap path. */
    static final int DEFAULT_LARGE_PIECE = 256;
    private static final int NO_PAIR = Integer.MAX_VALUE;

    private final RankTable ranks;
    private final int largePiece;
    private int[] start = new int[0];
    private int[] token = new int[0];
    private int[] pair = new int[0];
    private int[] next;
    private int[] prev;
    private int[] heap;
    private int[] heapIndex;
    private int heapSize;

    BytePairMerger(RankTable ranks) {
        this(ranks, DEFAULT_LARGE_PIECE);
    }

    /** For tests: {@code largePiece} moves the switch between the two paths. */
    BytePairMerger(RankTable ranks, int largePiece) {
        this.ranks = ranks;
        this.largePiece = largePiece;
    }

    /** Encodes the piece {@code t[from, to)} into {@code out}, spans in the coordinates of {@code t}. */
    void encode(byte[] t, int from, int to, TokenSink out) {
        if (to - from > largePiece) {
            encodeLarge(t, from, to, out);
        } else {
            encodeSmall(t, from, to, out);
        }
    }

    private int pairRank(byte[] t, int from, int to) {
        int r = ranks.rank(t, from, to);
        return r == RankTable.NONE ? NO_PAIR : r;
    }

    private void encodeSmall(byte[] t, int from, int to, TokenSink out) {
        int n = to - from;
        if (start.length < n + 1) {
            start = new int[n + 1];
            token = new int[n];
            pair = new int[n];
        }
        int[] start = this.start;
        int[] token = this.token;
        int[] pair = this.pair;
        for (int k = 0; k < n; k++) {
            start[k] = from + k;
            token[k] = ranks.byteRank(t[from + k] & 0xff);
        }
        start[n] = to;
        for (int k = 0; k + 1 < n; k++) {
            pair[k] = pairRank(t, from + k, from + k + 2);
        }
        int parts = n;
        while (parts > 1) {
            int best = NO_PAIR;
            int k = -1;
            for (int p = 0; p + 1 < parts; p++) {
                if (pair[p] < best) {
                    best = pair[p];
                    k = p;
                }
            }
            if (k < 0) {
                break;
            }
            // Part k absorbs part k+1.
            token[k] = best;
            System.arraycopy(start, k + 2, start, k + 1, parts - k - 1);
            System.arraycopy(token, k + 2, token, k + 1, parts - k - 2);
            System.arraycopy(pair, k + 2, pair, k + 1, parts - k - 3 > 0 ? parts - k - 3 : 0);
            parts--;
            pair[k] = k + 1 < parts ? pairRank(t, start[k], start[k + 2]) : NO_PAIR;
            if (k > 0) {
                pair[k - 1] = pairRank(t, start[k - 1], start[k + 1]);
            }
        }
        for (int p = 0; p < parts; p++) {
            out.add(token[p], start[p], start[p + 1]);
        }
    }

    private void encodeLarge(byte[] t, int from, int to, TokenSink out) {
        int n = to - from;
        int[] token = new int[n];
        int[] pair = new int[n];
        next = new int[n];
        prev = new int[n];
        heap = new int[n];
        heapIndex = new int[n];
        this.pair = pair;
        heapSize = 0;
        for (int k = 0; k < n; k++) {
            token[k] = ranks.byteRank(t[from + k] & 0xff);
            next[k] = k + 1;
            prev[k] = k - 1;
            pair[k] = k + 2 <= n ? pairRank(t, from + k, from + k + 2) : NO_PAIR;
            heapIndex[k] = -1;
            if (pair[k] != NO_PAIR) {
                heapIndex[k] = heapSize;
                heap[heapSize++] = k;
            }
        }
        for (int h = heapSize / 2 - 1; h >= 0; h--) {
            siftDown(h);
        }
        while (heapSize > 0) {
            int k = heap[0];
            removeAt(0);
            int absorbed = next[k];
            token[k] = pair[k];
            int after = next[absorbed];
            next[k] = after;
            if (after < n) {
                prev[after] = k;
            }
            if (heapIndex[absorbed] >= 0) {
                removeAt(heapIndex[absorbed]);
            }
            pair[absorbed] = NO_PAIR;
            setPair(k, after < n ? pairRank(t, from + k, from + next[after]) : NO_PAIR);
            int before = prev[k];
            if (before >= 0) {
                setPair(before, pairRank(t, from + before, from + next[k]));
            }
        }
        for (int k = 0; k < n; k = next[k]) {
            out.add(token[k], from + k, from + next[k]);
        }
        // Drop the large arrays: the next piece is most likely small.
        next = prev = heap = heapIndex = null;
        this.pair = new int[0];
        this.start = new int[0];
        this.token = new int[0];
    }

    // ---- indexed binary min-heap of nodes, ordered by (pair rank, position) ----

    private boolean less(int a, int b) {
        return pair[a] < pair[b] || pair[a] == pair[b] && a < b;
    }

    private void setPair(int node, int rank) {
        pair[node] = rank;
        int h = heapIndex[node];
        if (h >= 0) {
            if (rank == NO_PAIR) {
                removeAt(h);
            } else {
                siftUp(h);
                siftDown(heapIndex[node]);
            }
        } else if (rank != NO_PAIR) {
            heap[heapSize] = node;
            heapIndex[node] = heapSize;
            siftUp(heapSize++);
        }
    }

    private void removeAt(int h) {
        int node = heap[h];
        heapIndex[node] = -1;
        int last = heap[--heapSize];
        if (h < heapSize) {
            heap[h] = last;
            heapIndex[last] = h;
            siftUp(h);
            siftDown(heapIndex[last]);
        }
    }

    private void siftUp(int h) {
        int node = heap[h];
        while (h > 0) {
            int parent = (h - 1) >>> 1;
            int p = heap[parent];
            if (!less(node, p)) {
                break;
            }
            heap[h] = p;
            heapIndex[p] = h;
            h = parent;
        }
        heap[h] = node;
        heapIndex[node] = h;
    }

    private void siftDown(int h) {
        int node = heap[h];
        while (true) {
            int child = 2 * h + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
                child++;
            }
            int c = heap[child];
            if (!less(c, node)) {
                break;
            }
            heap[h] = c;
            heapIndex[c] = h;
            h = child;
        }
        heap[h] = node;
        heapIndex[node] = h;
    }
}
