package dev.llmx.tokenize.tiktoken;

import dev.llmx.LlmxException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The mergeable ranks of one tiktoken encoding (token byte string ↔ rank), held in a few flat arrays so that loading
 * is reading one resource, with no object per token.
 *
 * <p>Binary layout (little-endian), written at build time by {@link RankTableGenerator}:
 * <pre>
 *   8 bytes  magic "LLMXRNK1"
 *   int      slots          ranks 0 … slots-1 (a rank with no token, a gap, has length 0)
 *   int      poolSize       total bytes of all tokens
 *   int      maxTokenLength longest token, in bytes
 *   int      rankBits       bits of a table entry that hold rank+1; the rest hold a hash tag
 *   int      tableBits      the hash table has 2^tableBits entries
 *   byte[slots]             token length per rank (unsigned)
 *   byte[poolSize]          the tokens' bytes, concatenated in rank order
 *   int[2^tableBits]        open-addressing (linear probing) table: 0 = empty, else tag &lt;&lt; rankBits | rank+1
 * </pre>
 * The tag (high bits of the hash) lets a probe reject most wrong slots without touching the token bytes.
 */
final class RankTable {
    static final byte[] MAGIC = "LLMXRNK1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 5 * Integer.BYTES;
    /** Returned by the lookups when a byte string is not a token. */
    static final int NONE = -1;

    private static final int MAX_SLOTS = 1 << 22;
    private static final int MAX_POOL = 1 << 26;
    private static final int MAX_TABLE_BITS = 24;

    private final byte[] pool;
    private final int[] offsets;
    private final int[] table;
    private final int mask;
    private final int rankBits;
    private final int rankMask;
    private final int maxTokenLength;
    /** Rank of each single byte (every byte is a token in byte-level BPE), to start merging without lookups. */
    private final int[] byteRanks = new int[256];

    private RankTable(byte[] pool, int[] offsets, int[] table, int rankBits, int maxTokenLength) {
        this.pool = pool;
        this.offsets = offsets;
        this.table = table;
        this.mask = table.length - 1;
        this.rankBits = rankBits;
        this.rankMask = (1 << rankBits) - 1;
        this.maxTokenLength = maxTokenLength;
        byte[] one = new byte[1];
        for (int b = 0; b < 256; b++) {
            one[0] = (byte) b;
            byteRanks[b] = rank(one, 0, 1);
            if (byteRanks[b] == NONE) {
                throw new LlmxException("tiktoken table has no token for byte " + b + "; rebuild llmx");
            }
        }
    }

    /** Reads a table written by {@link RankTableGenerator}; {@code what} names it in error messages. */
    static RankTable read(InputStream in, String what) throws IOException {
        byte[] data = in.readAllBytes();
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < HEADER_BYTES || !ByteBuffer.wrap(data, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw corrupt(what, "bad header");
        }
        buf.position(MAGIC.length);
        int slots = buf.getInt();
        int poolSize = buf.getInt();
        int maxTokenLength = buf.getInt();
        int rankBits = buf.getInt();
        int tableBits = buf.getInt();
        if (slots <= 0 || slots > MAX_SLOTS || poolSize < 0 || poolSize > MAX_POOL || maxTokenLength <= 0
                || maxTokenLength > 255 || rankBits <= 0 || rankBits > 31 || slots >= 1 << rankBits
                || tableBits <= 0 || tableBits > MAX_TABLE_BITS) {
            throw corrupt(what, "header values out of range");
        }
        long expected = (long) HEADER_BYTES + slots + poolSize + ((long) Integer.BYTES << tableBits);
        if (data.length != expected) {
            throw corrupt(what, "size " + data.length + " bytes, expected " + expected);
        }
        int[] offsets = new int[slots + 1];
        int at = HEADER_BYTES;
        int sum = 0;
        for (int r = 0; r < slots; r++) {
            int length = data[at + r] & 0xff;
            if (length > maxTokenLength) {
                throw corrupt(what, "token " + r + " longer than the maximum");
            }
            sum += length;
            offsets[r + 1] = sum;
        }
        if (sum != poolSize) {
            throw corrupt(what, "token lengths add up to " + sum + ", pool has " + poolSize);
        }
        at += slots;
        byte[] pool = new byte[poolSize];
        System.arraycopy(data, at, pool, 0, poolSize);
        at += poolSize;
        int[] table = new int[1 << tableBits];
        buf.position(at);
        buf.asIntBuffer().get(table);
        int rankMask = (1 << rankBits) - 1;
        for (int entry : table) {
            int rankPlusOne = entry & rankMask;
            if (entry != 0 && (rankPlusOne == 0 || rankPlusOne > slots)) {
                throw corrupt(what, "hash table names rank " + (rankPlusOne - 1));
            }
        }
        return new RankTable(pool, offsets, table, rankBits, maxTokenLength);
    }

    private static LlmxException corrupt(String what, String detail) {
        return new LlmxException("tiktoken table " + what + " is corrupt (" + detail + "); rebuild llmx");
    }

    /** Number of rank slots, gaps included. */
    int slots() {
        return offsets.length - 1;
    }

    int maxTokenLength() {
        return maxTokenLength;
    }

    /** Whether {@code rank} names a token (not a gap and not out of range). */
    boolean isToken(int rank) {
        return rank >= 0 && rank < slots() && offsets[rank + 1] > offsets[rank];
    }

    /** Length in bytes of token {@code rank}. */
    int length(int rank) {
        return offsets[rank + 1] - offsets[rank];
    }

    /** A copy of the bytes of token {@code rank}; the caller checks {@link #isToken} first. */
    byte[] bytes(int rank) {
        byte[] out = new byte[length(rank)];
        System.arraycopy(pool, offsets[rank], out, 0, out.length);
        return out;
    }

    int byteRank(int unsignedByte) {
        return byteRanks[unsignedByte];
    }

    /** The rank of the byte string {@code b[from, to)}, or {@link #NONE} when it is not a token. */
    int rank(byte[] b, int from, int to) {
        int length = to - from;
        if (length > maxTokenLength) {
            return NONE;
        }
        int h = hash(b, from, to);
        int tag = h >>> rankBits;
        int i = h & mask;
        while (true) {
            int entry = table[i];
            if (entry == 0) {
                return NONE;
            }
            if (entry >>> rankBits == tag) {
                int r = (entry & rankMask) - 1;
                int start = offsets[r];
                if (offsets[r + 1] - start == length && sameBytes(b, from, start, length)) {
                    return r;
                }
            }
            i = (i + 1) & mask;
        }
    }

    private boolean sameBytes(byte[] b, int from, int poolStart, int length) {
        byte[] p = pool;
        for (int k = 0; k < length; k++) {
            if (b[from + k] != p[poolStart + k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash of {@code b[from, to)}: FNV-1a followed by a final mix so that both the low bits (slot) and the high
     * bits (tag) are well spread. Shared by the generator and the lookups, so it must never change without a new
     * magic.
     */
    static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int k = from; k < to; k++) {
            h = (h ^ (b[k] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
