package dev.llmx.eval;

import dev.llmx.LlmxException;
import dev.llmx.engine.Session;
import dev.llmx.logits.Distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How far a second model's next-token distributions are from a base model's on the same text, token by token, as
 * llama-perplexity's {@code --kl-divergence} mode reports it (the standard way to measure what quantizing a model did):
 * the KL divergence {@code KL(P_base ‖ P_other) = Σ p_base · (ln p_base − ln p_other)} per scored position, its mean
 * and spread; how often the two models' most likely token is the same; and Δp, the change in the probability of the
 * token that actually comes next. Both models run the same chunks ({@link ChunkedScoring}); the base model's scored
 * logits of one chunk are kept (half a chunk × vocabulary) and compared as the other model produces its own — no
 * base-logits file as llama-perplexity writes.
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
        // The base model's scored logits of one chunk, a row per position, reused chunk after chunk; each row's
        // distribution serves both its NLL and, once the other model has run, the KL.
        float[][] kept = new float[scoring.scoredPerChunk()][vocab];
        Distribution[] keptDistributions = new Distribution[kept.length];
        NllAccumulator baseTotal = new NllAccumulator();
        NllAccumulator otherTotal = new NllAccumulator();
        List<Perplexity.ChunkResult> baseChunks = new ArrayList<>();
        List<Perplexity.ChunkResult> otherChunks = new ArrayList<>();
        KlAccumulator kl = new KlAccumulator();
        for (int c = 0; c < scoring.chunks(); c++) {
            NllAccumulator baseChunk = new NllAccumulator();
            int[] at = {0};
            scoring.run(base, c, (chunk, target, logits) -> {
                int row = at[0]++;
                System.arraycopy(logits, 0, kept[row], 0, vocab);
                Distribution p = Distribution.of(kept[row]);
                keptDistributions[row] = p;
                baseTotal.addNll(baseChunk.add(p, target));
            });
            NllAccumulator otherChunk = new NllAccumulator();
            at[0] = 0;
            scoring.run(other, c, (chunk, target, logits) -> {
                Distribution q = Distribution.of(logits);
                kl.add(keptDistributions[at[0]++], q, target);
                otherTotal.addNll(otherChunk.add(q, target));
            });
            baseChunks.add(new Perplexity.ChunkResult(c, baseChunk.perplexity(), baseTotal.perplexity()));
            otherChunks.add(new Perplexity.ChunkResult(c, otherChunk.perplexity(), otherTotal.perplexity()));
            afterChunk.accept(c);
        }
        return new Result(summary(baseTotal, scoring, baseChunks), summary(otherTotal, scoring, otherChunks),
                kl.meanKl(), kl.klStderr(), kl.klQuantile(1), kl.klQuantile(0.5), kl.klQuantile(0.99),
                kl.meanDeltaP(), kl.deltaPStderr(), kl.rmsDeltaP(), kl.sameTopFraction(), kl.count());
    }

    private static Perplexity.Result summary(NllAccumulator total, ChunkedScoring scoring,
                                             List<Perplexity.ChunkResult> chunks) {
        return new Perplexity.Result(total.perplexity(), total.perplexityStderr(), total.meanNll(), total.count(),
                scoring.chunks(), scoring.contextLength(), scoring.totalTokens(), chunks);
    }
}
