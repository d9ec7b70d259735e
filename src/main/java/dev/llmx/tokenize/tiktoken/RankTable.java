package dev.llmx.tokenize.tiktoken;

import dev.llmx.LlmxException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The mergeable ranks of one tiktoken encoding (token byte string ↔ rank), held in a few flat arrays so that loading
 * is reading one resource, with no object per token and no per-token work.
 *
 * <p>Binary layout (little-endian), written at build time by {@link RankTableGenerator}:
 * <pre>
 *   8 bytes  magic "LLMXRNK2"
 *   int      slots          ranks 0 … slots-1 (a rank with no token, a gap, is an empty byte string)
 *   int      poolSize       total bytes of all tokens
 *   int      maxTokenLength longest token, in bytes
 *   int      rankBits       bits of a table entry that hold rank+1; the rest hold a hash tag
 *   int      tableBits      the hash table has 2^tableBits entries
 *   int[256]                rank of each single byte
 *   int[slots+1]            offsets: token r is pool[offsets[r], offsets[r+1])
 *   byte[poolSize]          the tokens' bytes, concatenated in rank order
 *   int[2^tableBits]        open-addressing (linear probing) table: 0 = empty, else tag &lt;&lt; rankBits | rank+1
 * </pre>
 * The tag (high bits of the hash) lets a probe reject most wrong slots without touching the token bytes.
 *
 * <p>The resource is made by this project's build and travels inside its jar, so reading it checks the header, the
 * sizes and the ends of the offsets, not every entry: walking 700 000 values would double the start-up time of
 * {@code llmx tokenize}, and a damaged entry could give wrong ids or throw, never read outside an array.
 */
final class RankTable {
    static final byte[] MAGIC = "LLMXRNK2".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 5 * Integer.BYTES;
    /** Returned by the lookups when a byte string is not a token. */
    static final int NONE = -1;

    private static final int MAX_SLOTS = 1 << 22;
    private static final int MAX_POOL = 1 << 26;
    private static final int MAX_TABLE_BITS = 24;
    private static final int CHUNK = 1 << 16;

    private final byte[] pool;
    private final int[] offsets;
    private final int[] table;
    private final int mask;
    private final int rankBits;
    private final int rankMask;
    private final int maxTokenLength;
    /** Rank of each single byte (every byte is a token in byte-level BPE), to start merging without lookups. */
    private final int[] byteRanks;

    private RankTable(int[] byteRanks, int[] offsets, byte[] pool, int[] table, int rankBits, int maxTokenLength) {
        this.byteRanks = byteRanks;
        this.pool = pool;
        this.offsets = offsets;
        this.table = table;
        this.mask = table.length - 1;
        this.rankBits = rankBits;
        this.rankMask = (1 << rankBits) - 1;
        this.maxTokenLength = maxTokenLength;
    }

    /** Reads a table written by {@link RankTableGenerator}; {@code what} names it in error messages. */
    static RankTable read(InputStream in, String what) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        if (in.readNBytes(header, 0, HEADER_BYTES) != HEADER_BYTES
                || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw corrupt(what, "bad header");
        }
        ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, HEADER_BYTES - MAGIC.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        int slots = h.getInt();
        int poolSize = h.getInt();
        int maxTokenLength = h.getInt();
        int rankBits = h.getInt();
        int tableBits = h.getInt();
        if (slots <= 0 || slots > MAX_SLOTS || poolSize < 0 || poolSize > MAX_POOL || maxTokenLength <= 0
                || rankBits <= 0 || rankBits > 31 || slots >= 1 << rankBits
                || tableBits <= 0 || tableBits > MAX_TABLE_BITS || 1 << tableBits <= slots) {
            throw corrupt(what, "header values out of range");
        }
        byte[] chunk = new byte[CHUNK];
        int[] byteRanks = readInts(in, new int[256], chunk, what);
        int[] offsets = readInts(in, new int[slots + 1], chunk, what);
        byte[] pool = new byte[poolSize];
        if (in.readNBytes(pool, 0, poolSize) != poolSize) {
            throw corrupt(what, "truncated");
        }
        int[] table = readInts(in, new int[1 << tableBits], chunk, what);
        if (in.read() != -1) {
            throw corrupt(what, "trailing bytes");
        }
        if (offsets[0] != 0 || offsets[slots] != poolSize) {
            throw corrupt(what, "offsets do not span the pool");
        }
        for (int r : byteRanks) {
            if (r < 0 || r >= slots) {
                throw corrupt(what, "byte rank " + r + " out of range");
            }
        }
        return new RankTable(byteRanks, offsets, pool, table, rankBits, maxTokenLength);
    }

    /** Fills {@code out} with little-endian ints from {@code in}, a chunk at a time (bulk copies, no per-int loop). */
    private static int[] readInts(InputStream in, int[] out, byte[] chunk, String what) throws IOException {
        int done = 0;
        while (done < out.length) {
            int n = Math.min(out.length - done, chunk.length / Integer.BYTES);
            if (in.readNBytes(chunk, 0, n * Integer.BYTES) != n * Integer.BYTES) {
                throw corrupt(what, "truncated");
            }
            ByteBuffer.wrap(chunk, 0, n * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out, done, n);
            done += n;
        }
        return out;
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
