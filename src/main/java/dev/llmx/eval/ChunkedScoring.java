package dev.llmx.eval;

import dev.llmx.Cancellation;
import dev.llmx.LlmxException;
import dev.llmx.engine.Session;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * llama-perplexity's way of scoring a text: the tokens are cut into chunks of {@code n_ctx}; each chunk runs from an
 * empty KV cache with its first token replaced by BOS (when the model adds one), and only the second half is scored —
 * the logits after chunk position {@code j}, for {@code j = n_ctx/2 … n_ctx-2}, predicting the token at {@code j+1}.
 * Scoring only the second half means every scored token has at least {@code n_ctx/2} tokens of context, so the
 * figure measures the model rather than the cold start of each chunk. Leftover tokens after the last whole chunk are
 * not used (as in llama.cpp).
 */
public final class ChunkedScoring {
    /** Receives the logits that predict {@code target}; the array is reused after the call. */
    @FunctionalInterface
    public interface ScoredPosition {
        void accept(int chunk, int target, float[] logits);
    }

    private final int[] tokens;
    private final int contextLength;
    private final OptionalInt bos;
    private final int chunks;

    /**
     * @param tokens        the whole text, tokenized as llama.cpp does (with the BOS the model adds)
     * @param contextLength tokens per chunk ({@code -c})
     * @param bos           the token that replaces each chunk's first, or empty when the model adds none
     * @param maxChunks     at most this many chunks (0: all)
     */
    public ChunkedScoring(int[] tokens, int contextLength, OptionalInt bos, int maxChunks) {
        if (contextLength < 4) {
            throw new LlmxException("-c must be at least 4 tokens for perplexity, not " + contextLength);
        }
        if (tokens.length < 2L * contextLength) {
            throw new LlmxException("the text has " + tokens.length + " tokens; perplexity with -c " + contextLength
                    + " needs at least " + 2L * contextLength + " (two chunks); give more text or lower -c");
        }
        this.tokens = tokens;
        this.contextLength = contextLength;
        this.bos = bos;
        int whole = tokens.length / contextLength;
        this.chunks = maxChunks > 0 ? Math.min(maxChunks, whole) : whole;
    }

    public int chunks() {
        return chunks;
    }

    public int contextLength() {
        return contextLength;
    }

    /** The first chunk position whose logits are scored. */
    public int firstScored() {
        return firstScored(contextLength);
    }

    /**
     * The first scored position of a chunk of {@code n} tokens: llama-perplexity scores the logits after positions
     * n/2 … n−2. Shared with training's validation windows, so that a validation loss is ln of this perplexity.
     */
    public static int firstScored(int n) {
        return n / 2;
    }

    /** Chunk {@code chunk}'s input: its {@code n} tokens, the first replaced by BOS when the model adds one. */
    public static int[] chunkInput(int[] tokens, int chunk, int n, OptionalInt bos) {
        int start = chunk * n;
        int[] input = Arrays.copyOfRange(tokens, start, start + n);
        if (bos.isPresent()) {
            input[0] = bos.getAsInt();
        }
        return input;
    }

    /** Tokens scored per chunk. */
    public int scoredPerChunk() {
        return contextLength - 1 - firstScored();
    }

    public int totalTokens() {
        return tokens.length;
    }

    /** Runs chunk {@code chunk} on {@code session} (its cache is cleared first) and hands over its scored logits. */
    public void run(Session session, int chunk, ScoredPosition sink) {
        if (session.contextLength() < contextLength) {
            throw new IllegalArgumentException("a session of " + session.contextLength() + " positions for chunks of "
                    + contextLength);
        }
        Cancellation.checkpoint();
        session.cache().clear();
        int start = chunk * contextLength;
        int[] input = chunkInput(tokens, chunk, contextLength, bos);
        int first = firstScored();
        session.prefillAll(input, null, (position, logits) -> {
            if (position >= first && position < contextLength - 1) {
                sink.accept(chunk, tokens[start + position + 1], logits);
            }
        });
    }
}
