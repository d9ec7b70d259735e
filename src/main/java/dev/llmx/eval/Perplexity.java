package dev.llmx.eval;

import dev.llmx.engine.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The perplexity of a model on a text by llama-perplexity's protocol ({@link ChunkedScoring}): exp of the mean
 * negative log-likelihood of every scored token, with its standard error, and the running estimate after each chunk
 * (what llama-perplexity prints as {@code [1]…,[2]…}).
 */
public final class Perplexity {
    /** After chunk {@code chunk}: that chunk's own perplexity and the running estimate over chunks 0 … chunk. */
    public record ChunkResult(int chunk, double chunkPerplexity, double runningPerplexity) {
    }

    /** The whole run. */
    public record Result(double perplexity, double stderr, double meanNll, long tokensScored, int chunks,
                         int contextLength, int textTokens, List<ChunkResult> perChunk) {
    }

    private Perplexity() {
    }

    /** Scores every chunk on {@code session}; {@code afterChunk} is told each finished chunk's index (progress). */
    public static Result run(Session session, ChunkedScoring scoring, IntConsumer afterChunk) {
        NllAccumulator total = new NllAccumulator();
        List<ChunkResult> perChunk = new ArrayList<>();
        for (int c = 0; c < scoring.chunks(); c++) {
            NllAccumulator chunk = new NllAccumulator();
            scoring.run(session, c, (index, target, logits) -> total.addNll(chunk.add(logits, target)));
            perChunk.add(new ChunkResult(c, chunk.perplexity(), total.perplexity()));
            afterChunk.accept(c);
        }
        return new Result(total.perplexity(), total.perplexityStderr(), total.meanNll(), total.count(),
                scoring.chunks(), scoring.contextLength(), scoring.totalTokens(), perChunk);
    }
}
