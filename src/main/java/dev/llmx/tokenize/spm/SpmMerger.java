package dev.llmx.tokenize.spm;

import dev.llmx.tokenize.text.LongHeap;
import dev.llmx.tokenize.text.TokenSink;
import dev.llmx.tokenize.vocab.ByteStringIndex;

/**
 * SentencePiece's BPE as llama.cpp runs it for {@code tokenizer.ggml.model = llama}: start from single characters and
 * keep merging the adjacent pair whose concatenation is the token with the highest score (ties: the leftmost pair),
 * until no adjacent pair forms a token. A character that is no token at all comes out as its bytes ({@code <0xNN>}).
 *
 * <p>One merger serves one encode call (it keeps scratch arrays between the pieces of that call).
 */
public final class SpmMerger {
    private final ByteStringIndex index;
    private final float[] scores;
    private final int[] byteTokens;
    private final int unknownId;

    private int[] start = new int[0];
    private int[] len = new int[0];
    private int[] prev = new int[0];
    private int[] next = new int[0];
    private int[] ids = new int[0];
    private final LongHeap heap = new LongHeap();

    /**
     * @param byteTokens for each byte value, the id of its byte token ({@code <0xNN>}), or -1
     * @param unknownId  what a byte without a byte token becomes (llama.cpp would abort there)
     */
    public SpmMerger(ByteStringIndex index, float[] scores, int[] byteTokens, int unknownId) {
        this.index = index;
        this.scores = scores;
        this.byteTokens = byteTokens;
        this.unknownId = unknownId;
    }

    /**
     * Tokenizes {@code text[from, to)} (already normalized: spaces written as ▁) and reports each token with its byte
     * range in {@code text}.
     */
    public void encode(byte[] text, int from, int to, TokenSink out) {
        int n = splitIntoCharacters(text, from, to);
        if (n == 0) {
            return;
        }
        heap.clear();
        for (int i = 1; i < n; i++) {
            tryAddPair(text, i - 1, i);
        }
        while (!heap.isEmpty()) {
            long key = heap.pop();
            int left = (int) key;
            int right = next[left];
            if (len[left] == 0 || right < 0) {
                continue;
            }
            int merged = index.get(text, start[left], start[right] + len[right]);
            // A stale entry (either side has grown since) either names no token or one with another score; an
            // entry that still matches is exactly the merge a fresh entry with this key would make.
            if (merged < 0 || scoreKey(scores[merged]) != (int) (key >>> 32)) {
                continue;
            }
            len[left] += len[right];
            ids[left] = merged;
            len[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                tryAddPair(text, prev[left], left);
            }
            if (next[left] >= 0) {
                tryAddPair(text, left, next[left]);
            }
        }
        for (int i = 0; i >= 0; i = next[i]) {
            emit(text, i, out);
        }
    }

    private int splitIntoCharacters(byte[] text, int from, int to) {
        int capacity = to - from;
        if (start.length < capacity) {
            int c = Math.max(capacity, start.length * 2);
            start = new int[c];
            len = new int[c];
            prev = new int[c];
            next = new int[c];
            ids = new int[c];
        }
        int n = 0;
        int offset = from;
        while (offset < to) {
            int length = Math.min(utf8Length(text[offset]), to - offset);
            start[n] = offset;
            len[n] = length;
            prev[n] = n - 1;
            offset += length;
            next[n] = offset == to ? -1 : n + 1;
            ids[n] = index.get(text, start[n], offset);
            n++;
        }
        return n;
    }

    private void tryAddPair(byte[] text, int left, int right) {
        int id = index.get(text, start[left], start[right] + len[right]);
        if (id < 0) {
            return;
        }
        heap.push(((long) scoreKey(scores[id]) << 32) | left);
    }

    private void emit(byte[] text, int symbol, TokenSink out) {
        int s = start[symbol];
        int e = s + len[symbol];
        if (ids[symbol] >= 0) {
            out.token(ids[symbol], s, e);
            return;
        }
        for (int b = s; b < e; b++) {
            int id = byteTokens[text[b] & 0xFF];
            out.token(id >= 0 ? id : unknownId, b, b + 1);
        }
    }

    /** Orders scores so that the smallest key is the highest score (the heap pops its minimum). */
    static int scoreKey(float score) {
        int bits = Float.floatToIntBits(score);
        int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ~sortable;
    }

    /** Length of the UTF-8 sequence a lead byte announces, as llama.cpp counts it (continuation bytes count 1). */
    public static int utf8Length(byte lead) {
        int high = (lead & 0xFF) >>> 4;
        return high < 12 ? 1 : high < 14 ? 2 : high == 14 ? 3 : 4;
    }
}
