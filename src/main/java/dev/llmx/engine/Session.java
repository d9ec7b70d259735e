package dev.llmx.engine;

import dev.llmx.Cancellation;
import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.kvcache.KvCache;
import dev.llmx.tensor.kernel.WorkerPool;

/**
 * One sequence being run through a model: the forward pass, its KV cache and its worker threads. Prefill runs a
 * prompt in batches of up to {@link #BATCH} tokens (matrix × matrix); decode runs one token (matrix × vector).
 * Close it to stop the threads.
 */
public final class Session implements AutoCloseable {
    /** Tokens per forward pass in prefill: large enough for matrix × matrix, small enough to bound the activations. */
    public static final int BATCH = 128;
    /** The context used when the model does not state one. */
    public static final int FALLBACK_CONTEXT = 4096;

    /** Receives the logits of one position; the array is reused for the next. */
    @FunctionalInterface
    public interface LogitsSink {
        void accept(int position, float[] logits);
    }

    private final Transformer transformer;
    private final KvCache cache;
    private final WorkerPool pool;
    private final float[] logits;

    private Session(Model model, int contextLength, int threads) {
        this.pool = new WorkerPool(threads);
        this.transformer = new Transformer(model, pool);
        this.cache = transformer.newCache(contextLength);
        this.logits = new float[model.vocabSize()];
    }

    /**
     * A session over {@code model} with a context of {@code requestedContext} positions (0: the model's own) on
     * {@code threads} threads.
     */
    public static Session open(Model model, int requestedContext, int threads) {
        return new Session(model, contextLength(model, requestedContext), threads);
    }

    /** The context a session gets: {@code requested} if given and within the model's, else the model's. */
    public static int contextLength(Model model, int requested) {
        long trained = model.trainedContext();
        if (requested < 0) {
            throw new UsageException("-c must be positive, not " + requested);
        }
        if (requested > 0 && trained > 0 && requested > trained) {
            throw new UsageException("-c " + requested + " is more than the model's context length " + trained);
        }
        if (requested > 0) {
            return requested;
        }
        return trained > 0 ? (int) Math.min(trained, Integer.MAX_VALUE - KvCache.PAGE) : FALLBACK_CONTEXT;
    }

    public Model model() {
        return transformer.model();
    }

    public int contextLength() {
        return cache.capacity();
    }

    /** Tokens run so far: the position of the next one. */
    public int position() {
        return cache.length();
    }

    public int threads() {
        return pool.threads();
    }

    /** Forgets the positions from {@code position} on (see {@link KvCache#truncate}). */
    public void rewind(int position) {
        cache.truncate(position);
    }

    /** The KV cache of this sequence. */
    public KvCache cache() {
        return cache;
    }

    /** Runs {@code tokens} and returns the logits after the last one (valid until the next call). */
    public float[] prefill(int[] tokens, Probe probe) {
        requireRoom(tokens.length);
        float[] hidden = null;
        int rows = 0;
        int start = cache.length();
        for (int from = 0; from < tokens.length; from += BATCH) {
            Cancellation.checkpoint();
            rows = Math.min(BATCH, tokens.length - from);
            hidden = transformer.forward(tokens, from, rows, cache, probe);
        }
        transformer.logits(hidden, rows - 1, 1, logits, start + tokens.length - rows, probe);
        return logits;
    }

    /** Runs {@code tokens} and hands the logits of every one of them to {@code sink}, in order. */
    public void prefillAll(int[] tokens, Probe probe, LogitsSink sink) {
        requireRoom(tokens.length);
        int vocab = model().vocabSize();
        // Logits of several positions at once (matrix × matrix), a few at a time to bound memory (vocab can be 256k).
        int group = Math.max(1, Math.min(16, (1 << 22) / Math.max(1, vocab)));
        float[] block = new float[group * vocab];
        for (int from = 0; from < tokens.length; from += BATCH) {
            Cancellation.checkpoint();
            int rows = Math.min(BATCH, tokens.length - from);
            int first = cache.length();
            float[] hidden = transformer.forward(tokens, from, rows, cache, probe);
            for (int r = 0; r < rows; r += group) {
                int n = Math.min(group, rows - r);
                transformer.logits(hidden, r, n, block, first, probe);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(block, i * vocab, logits, 0, vocab);
                    sink.accept(first + r + i, logits);
                }
            }
        }
    }

    /** Runs one token and returns the logits after it (valid until the next call). */
    public float[] decode(int token, Probe probe) {
        return prefill(new int[] {token}, probe);
    }

    /** The logit lens of one residual-stream vector (see {@link Transformer#logitLens}). */
    public float[] logitLens(float[] residual) {
        return transformer.logitLens(residual);
    }

    /** Fails with a one-line message when {@code tokens} more tokens do not fit in the context. */
    public void requireRoom(int tokens) {
        if (tokens == 0) {
            throw new IllegalArgumentException("no tokens to run");
        }
        if (tokens > cache.remaining()) {
            throw new LlmxException((cache.length() == 0 ? "the prompt has " + tokens + " tokens"
                    : cache.length() + " positions are used and " + tokens + " more tokens")
                    + ", more than the context of " + cache.capacity() + " positions; shorten the input"
                    + (cache.capacity() < model().trainedContext() ? " or raise -c (the model allows "
                    + model().trainedContext() + ")" : ""));
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
