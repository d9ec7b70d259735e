package dev.llmx.eval;

import dev.llmx.LlmxException;
import dev.llmx.engine.Session;
import dev.llmx.logits.Distribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How far a second model's next-token distributions are from a base model's on the same text, token by token, as
 * llama-perplexity's {@code --kl-divergence} mode reports it (the standard way to measure what quantizing a model did):
 * the KL divergence {@code KL(P_base ‖ P_other) = Σ p_base · (ln p_base − ln p_other)} per scored position, its mean
 * and spread; how often the two models' most likely token is the same; and Δp, the change in the probability of the
 * token that actually comes next. Both models run the same chunks ({@link ChunkedScoring}); the base model's scored
 * logits of one chunk are kept (half a chunk × vocabulary) and compared as the other model produces its own.
 */
public final class KlDivergence {
    /** The comparison's figures. */
    public record Result(Perplexity.Result base, Perplexity.Result other, double meanKl, double klStderr,
                         double maxKl, double medianKl, double kl99, double meanDeltaP, double deltaPStderr,
                         double rmsDeltaP, double sameTopFraction, long positions) {
        /** ln(PPL(other) / PPL(base)): positive when the other model is worse. */
        public double lnPerplexityRatio() {
            return other.meanNll() - base.meanNll();
        }
    }

    private KlDivergence() {
    }

    public static Result run(Session base, Session other, ChunkedScoring scoring, IntConsumer afterChunk) {
        int vocab = base.model().vocabSize();
        if (other.model().vocabSize() != vocab) {
            throw new LlmxException("the models have different vocabularies (" + vocab + " and "
                    + other.model().vocabSize() + " tokens); KL divergence compares models with the same tokenizer");
        }
        int perChunk = scoring.scoredPerChunk();
        float[] kept = new float[perChunk * vocab];
        int[] keptCount = new int[1];
        NllAccumulator baseTotal = new NllAccumulator();
        NllAccumulator otherTotal = new NllAccumulator();
        List<Perplexity.ChunkResult> baseChunks = new ArrayList<>();
        List<Perplexity.ChunkResult> otherChunks = new ArrayList<>();
        long total = (long) perChunk * scoring.chunks();
        float[] kls = new float[(int) Math.min(Integer.MAX_VALUE - 8, total)];
        double klSum = 0;
        double klSquares = 0;
        double dpSum = 0;
        double dpSquares = 0;
        long sameTop = 0;
        long n = 0;
        double[] stats = new double[5];
        long[] offset = new long[1];
        for (int c = 0; c < scoring.chunks(); c++) {
            NllAccumulator baseChunk = new NllAccumulator();
            keptCount[0] = 0;
            scoring.run(base, c, (index, target, logits) -> {
                System.arraycopy(logits, 0, kept, keptCount[0]++ * vocab, vocab);
                baseTotal.addNll(baseChunk.add(logits, target));
            });
            NllAccumulator otherChunk = new NllAccumulator();
            int[] at = new int[1];
            stats[0] = stats[1] = stats[2] = stats[3] = stats[4] = 0;
            scoring.run(other, c, (index, target, logits) -> {
                float[] baseLogits = Arrays.copyOfRange(kept, at[0] * vocab, (at[0] + 1) * vocab);
                at[0]++;
                Distribution p = Distribution.of(baseLogits);
                Distribution q = Distribution.of(logits);
                double kl = divergence(p, q, vocab);
                double dp = q.prob(target) - p.prob(target);
                otherTotal.addNll(otherChunk.add(logits, target));
                stats[0] += kl;
                stats[1] += kl * kl;
                stats[2] += dp;
                stats[3] += dp * dp;
                stats[4] += p.top(1)[0] == q.top(1)[0] ? 1 : 0;
                kls[(int) Math.min(kls.length - 1, offset[0] + at[0] - 1)] = (float) kl;
            });
            klSum += stats[0];
            klSquares += stats[1];
            dpSum += stats[2];
            dpSquares += stats[3];
            sameTop += (long) stats[4];
            n += at[0];
            offset[0] += at[0];
            baseChunks.add(new Perplexity.ChunkResult(c, baseChunk.perplexity(), baseTotal.perplexity()));
            otherChunks.add(new Perplexity.ChunkResult(c, otherChunk.perplexity(), otherTotal.perplexity()));
            afterChunk.accept(c);
        }
        float[] sorted = Arrays.copyOf(kls, (int) Math.min(n, kls.length));
        Arrays.sort(sorted);
        double meanKl = klSum / n;
        double meanDp = dpSum / n;
        Perplexity.Result b = new Perplexity.Result(baseTotal.perplexity(), baseTotal.perplexityStderr(),
                baseTotal.meanNll(), baseTotal.count(), scoring.chunks(), scoring.contextLength(),
                scoring.totalTokens(), baseChunks);
        Perplexity.Result o = new Perplexity.Result(otherTotal.perplexity(), otherTotal.perplexityStderr(),
                otherTotal.meanNll(), otherTotal.count(), scoring.chunks(), scoring.contextLength(),
                scoring.totalTokens(), otherChunks);
        return new Result(b, o, meanKl, stderr(klSum, klSquares, n), sorted[sorted.length - 1],
                quantile(sorted, 0.5), quantile(sorted, 0.99), meanDp, stderr(dpSum, dpSquares, n),
                Math.sqrt(dpSquares / n), sameTop / (double) n, n);
    }

    /** KL(p ‖ q) in nats, summed in double; a token p gives (numerically) nothing contributes nothing. */
    static double divergence(Distribution p, Distribution q, int vocab) {
        double kl = 0;
        for (int i = 0; i < vocab; i++) {
            double lp = p.logProb(i);
            if (lp > -700) {
                kl += Math.exp(lp) * (lp - q.logProb(i));
            }
        }
        return Math.max(0, kl);
    }

    private static double stderr(double sum, double squares, long n) {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        return variance > 0 ? Math.sqrt(variance / (n - 1)) : 0;
    }

    private static double quantile(float[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)));
        return sorted[i];
    }
}
