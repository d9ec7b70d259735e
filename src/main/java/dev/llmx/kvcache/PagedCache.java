package dev.llmx.kvcache;

/**
 * A paged KV cache (vLLM's PagedAttention, llama.cpp's cells): memory is handed out in blocks of
 * {@code blockSize} tokens per layer, so a sequence of {@code n} tokens takes {@code ceil(n / blockSize)} blocks in
 * each layer and the last block is partly empty. A sliding-window layer is counted as holding only its window
 * (the ideal; an implementation may keep one more block while the window straddles two).
 */
public final class PagedCache {
    private final KvCacheCost cache;
    private final int blockSize;

    public PagedCache(KvCacheCost cache, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("a block holds at least one token");
        }
        this.cache = cache;
        this.blockSize = blockSize;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Bytes of one block in one layer. */
    public long blockBytes() {
        return Math.multiplyExact((long) blockSize, cache.bytesPerTokenPerLayer());
    }

    /** How one sequence of {@code tokens} tokens sits in blocks. */
    public Sequence sequence(long tokens) {
        long blocks = 0;
        long used = 0;
        for (int layer = 0; layer < cache.model().layers(); layer++) {
            long held = cache.tokensHeld(layer, tokens);
            blocks = Math.addExact(blocks, ceilDiv(held, blockSize));
            used = Math.addExact(used, held);
        }
        long perToken = cache.bytesPerTokenPerLayer();
        long allocated = Math.multiplyExact(blocks, blockBytes());
        long usedBytes = Math.multiplyExact(used, perToken);
        return new Sequence(tokens, ceilDiv(tokens, blockSize), blocks, allocated, usedBytes);
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    /**
     * @param tokens         the sequence length
     * @param blocksPerLayer blocks a layer that keeps the whole sequence needs
     * @param blocks         blocks over all layers
     * @param allocatedBytes memory those blocks take
     * @param usedBytes      memory the tokens fill
     */
    public record Sequence(long tokens, long blocksPerLayer, long blocks, long allocatedBytes, long usedBytes) {
        /** Memory in partly filled last blocks. */
        public long wastedBytes() {
            return allocatedBytes - usedBytes;
        }
    }
}
