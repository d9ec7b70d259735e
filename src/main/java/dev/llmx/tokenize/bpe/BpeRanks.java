package dev.llmx.tokenize.bpe;

import dev.llmx.tokenize.text.LongIntMap;
import dev.llmx.tokenize.vocab.ByteStringIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * A BPE merge list as a table over token ids: (left id, right id) → (rank, id of the merged token). Texts a merge
 * mentions that are not tokens (rare, but legal) get synthetic ids from {@code vocabSize} up, so the merge loop works
 * on ints only; a symbol left with a synthetic id is spelled out byte by byte at the end, as llama.cpp does.
 */
public final class BpeRanks {
    private final ByteStringIndex vocab;
    private final int vocabSize;
    private final ByteStringIndex synthetic;
    private int syntheticCount;
    private final LongIntMap rankOfPair;
    private final int[] resultOfRank;

    /**
     * @param merges the merges in rank order, each {@code "left right"} as UTF-8 (split at the first space after the
     *               first byte, as llama.cpp splits them); the first occurrence of a pair wins
     */
    public static BpeRanks fromSpaceSeparated(ByteStringIndex vocab, int vocabSize, List<byte[]> merges) {
        return new BpeRanks(vocab, vocabSize, splitAtSpace(merges));
    }

    /**
     * @param vocabSize one more than the largest token id (synthetic ids start there)
     * @param merges    per rank, {@code {left, right, merged}} texts; an entry may be null (a merge that merges
     *                  nothing); the first occurrence of a pair wins
     */
    public static BpeRanks fromTriples(ByteStringIndex vocab, int vocabSize, List<byte[][]> merges) {
        return new BpeRanks(vocab, vocabSize, merges);
    }

    private BpeRanks(ByteStringIndex vocab, int vocabSize, List<byte[][]> merges) {
        this.vocab = vocab;
        this.vocabSize = vocabSize;
        this.synthetic = new ByteStringIndex(64);
        this.rankOfPair = new LongIntMap(merges.size());
        this.resultOfRank = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            byte[][] m = merges.get(rank);
            resultOfRank[rank] = -1;
            if (m == null) {
                continue;
            }
            int left = idOrSynthetic(m[0], 0, m[0].length);
            int right = idOrSynthetic(m[1], 0, m[1].length);
            if (left < 0 || right < 0) {
                continue;
            }
            int result = idOrSynthetic(m[2], 0, m[2].length);
            if (rankOfPair.putIfAbsent(pairKey(left, right), rank) == rank) {
                resultOfRank[rank] = result;
            }
        }
    }

    private static List<byte[][]> splitAtSpace(List<byte[]> merges) {
        List<byte[][]> triples = new ArrayList<>(merges.size());
        for (byte[] m : merges) {
            int space = -1;
            for (int i = 1; i < m.length; i++) {
                if (m[i] == ' ') {
                    space = i;
                    break;
                }
            }
            if (space < 0) {
                triples.add(null);
                continue;
            }
            byte[] left = java.util.Arrays.copyOfRange(m, 0, space);
            byte[] right = java.util.Arrays.copyOfRange(m, space + 1, m.length);
            byte[] merged = new byte[m.length - 1];
            System.arraycopy(m, 0, merged, 0, space);
            System.arraycopy(m, space + 1, merged, space, m.length - space - 1);
            triples.add(new byte[][] {left, right, merged});
        }
        return triples;
    }

    private int idOrSynthetic(byte[] text, int from, int to) {
        if (to <= from) {
            return -1;
        }
        int id = vocab.get(text, from, to);
        if (id >= 0) {
            return id;
        }
        id = synthetic.get(text, from, to);
        if (id >= 0) {
            return id;
        }
        byte[] copy = java.util.Arrays.copyOfRange(text, from, to);
        int newId = vocabSize + syntheticCount++;
        synthetic.putIfAbsent(copy, newId);
        return newId;
    }

    /**
     * The id a symbol with text {@code bytes[from, to)} starts with: its token id, a synthetic id when only merges
     * know it, or -1 (it can take part in no merge).
     */
    public int symbolId(byte[] bytes, int from, int to) {
        int id = vocab.get(bytes, from, to);
        return id >= 0 ? id : synthetic.get(bytes, from, to);
    }

    /** The rank of merging {@code left} with {@code right}, or -1. */
    public int rank(int left, int right) {
        if (left < 0 || right < 0) {
            return -1;
        }
        return rankOfPair.get(pairKey(left, right), -1);
    }

    /** The id a merge of the given rank produces. */
    public int result(int rank) {
        return resultOfRank[rank];
    }

    /** Whether {@code id} is a real token id (not synthetic). */
    public boolean isToken(int id) {
        return id >= 0 && id < vocabSize;
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
