package dev.llmx.kvcache;

/**
 * The keys and values every layer has computed for the positions seen so far, so that decoding a token attends to
 * the whole sequence without recomputing it.
 *
 * <p>Layout: per layer, one row per position holding that position's {@code kvHeads × keyDim} keys (and likewise its
 * values), rows grouped in pages of {@link #PAGE} positions that are allocated as the sequence grows: a context of
 * 128k positions costs nothing until it is used. A row is the unit a compressed cache encodes (an F16 or Q8_0 row
 * is the same row in 2-byte values or 34-byte blocks of 32 along the head), and attention reads the cache only
 * through {@link #keyScores} and {@link #addValues}, so another element type changes the implementation, not the
 * attention.
 */
public abstract class KvCache {
    /** Positions per page. */
    public static final int PAGE = 256;

    protected final int layers;
    protected final int kvHeads;
    protected final int keyDim;
    protected final int valueDim;
    private final int capacity;
    private int length;

    protected KvCache(int layers, int kvHeads, int keyDim, int valueDim, int capacity) {
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.capacity = capacity;
    }

    /** Positions the cache may hold: the context length. */
    public int capacity() {
        return capacity;
    }

    /** Positions stored (and committed) so far; the next token's position. */
    public int length() {
        return length;
    }

    /** Positions still free. */
    public int remaining() {
        return capacity - length;
    }

    /** The storage type of the cached keys (that of the values too unless {@link #types()} says otherwise). */
    public abstract ElementType type();

    /** The storage types of keys and values. */
    public KvCacheTypes types() {
        return new KvCacheTypes(type(), type());
    }

    /** Stores {@code position}'s keys ({@code kvHeads × keyDim}) and values ({@code kvHeads × valueDim}) for a layer. */
    public abstract void store(int layer, int position, float[] keys, int keyOffset, float[] values, int valueOffset);

    /**
     * Attention scores against a run of cached keys: {@code scores[i] = scale × q[qOffset…] · K[from + i]} (head
     * {@code kvHead}) for i < count.
     */
    public abstract void keyScores(int layer, int kvHead, int from, int count, float[] q, int qOffset, float scale,
                                   float[] scores);

    /**
     * The weighted sum of a run of cached values: {@code out[outOffset…] += Σ weights[i] × V[from + i]} (head
     * {@code kvHead}) for i < count.
     */
    public abstract void addValues(int layer, int kvHead, int from, int count, float[] weights, float[] out,
                                   int outOffset);

    /**
     * Whether {@link #keyScores} is the float dot product of the {@link #decodeKeys decoded} key with q, in
     * {@link dev.llmx.tensor.kernel.FloatOps#dot4}'s order of additions: then attention over a batch of queries may
     * decode each key once rather than once per query and compute the same numbers.
     */
    public boolean keysDecodeToTheirScores() {
        return false;
    }

    /**
     * Decodes the keys of positions [from, from + count) of head {@code kvHead} into {@code dst} ({@code count ×
     * keyDim} floats). Every cache can; attention reads keys this way only where {@link #keysDecodeToTheirScores}.
     */
    public abstract void decodeKeys(int layer, int kvHead, int from, int count, float[] dst);

    /**
     * Decodes the values of positions [from, from + count) of head {@code kvHead} into {@code dst} ({@code count ×
     * valueDim} floats): {@link #addValues} is, in every cache, these rows added in order with {@code axpy}.
     */
    public abstract void decodeValues(int layer, int kvHead, int from, int count, float[] dst);

    /** Bytes allocated now (pages in use), not the capacity's worth. */
    public abstract long allocatedBytes();

    /**
     * Allocates now every page the capacity can need, as storing every position would (positions stay uncommitted):
     * what a full context really costs, for {@code kv-cost --verify}.
     */
    public void allocateAllPages() {
        float[] k = new float[kvHeads * keyDim];
        float[] v = new float[kvHeads * valueDim];
        for (int layer = 0; layer < layers; layer++) {
            for (int position = 0; position < capacity; position += PAGE) {
                store(layer, position, k, 0, v, 0);
            }
        }
    }

    /** Positions the pages for the whole capacity hold: the capacity rounded up to whole pages. */
    public long pagedCapacity() {
        return ((long) capacity + PAGE - 1) / PAGE * PAGE;
    }

    /** Marks {@code count} more positions as stored in every layer. */
    public void commit(int count) {
        if (count < 0 || count > remaining()) {
            throw new IllegalStateException("commit " + count + " positions with " + remaining() + " free");
        }
        length += count;
    }

    /**
     * Forgets the positions from {@code keep} on, keeping the first {@code keep}: a chat whose next prompt shares
     * only a prefix with what was run reuses that prefix and recomputes the rest.
     */
    public void truncate(int keep) {
        if (keep < 0 || keep > length) {
            throw new IllegalArgumentException("truncate to " + keep + " positions with " + length + " stored");
        }
        length = keep;
    }

    /** Forgets every position (the pages stay allocated for reuse). */
    public void clear() {
        length = 0;
    }

    /** An F32 cache. */
    public static KvCache f32(int layers, int kvHeads, int keyDim, int valueDim, int capacity,
                              dev.llmx.tensor.kernel.FloatOps floats) {
        return new F32KvCache(layers, kvHeads, keyDim, valueDim, capacity, floats);
    }

    /**
     * A cache of {@code types}: floats for F32 keys and values, encoded rows otherwise. A block type on a head
     * dimension it does not divide is a one-line error.
     */
    public static KvCache of(KvCacheTypes types, int layers, int kvHeads, int keyDim, int valueDim, int capacity,
                             dev.llmx.tensor.kernel.Kernels kernels) {
        if (types.equals(KvCacheTypes.F32)) {
            return f32(layers, kvHeads, keyDim, valueDim, capacity, kernels.floats());
        }
        return new EncodedKvCache(layers, kvHeads, keyDim, valueDim, capacity, types, kernels);
    }
}
