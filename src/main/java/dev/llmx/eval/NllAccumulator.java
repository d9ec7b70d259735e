package dev.llmx.eval;

import dev.llmx.logits.Distribution;

/**
 * Running negative log-likelihood of scored tokens: its mean, the perplexity {@code exp(mean)} and that perplexity's
 * standard error, computed as llama-perplexity does ({@code ppl · sqrt((E[nll²] − E[nll]²) / (n − 1))}, the delta
 * method on the mean's standard error).
 */
public final class NllAccumulator {
    private double sum;
    private double sumSquares;
    private long count;

    /** Adds the token {@code target} scored under {@code logits}; returns its negative log-likelihood. */
    public double add(float[] logits, int target) {
        return add(Distribution.of(logits), target);
    }

    /** Adds the token {@code target} scored under {@code d}; returns its negative log-likelihood. */
    public double add(Distribution d, int target) {
        return addNll(-d.logProb(target));
    }

    /** Adds one token's negative log-likelihood. */
    public double addNll(double nll) {
        sum += nll;
        sumSquares += nll * nll;
        count++;
        return nll;
    }

    public long count() {
        return count;
    }

    /** The mean negative log-likelihood in nats (the cross-entropy loss a trainer reports). */
    public double meanNll() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public double perplexity() {
        return Math.exp(meanNll());
    }

    /** The standard error of {@link #perplexity()}; NaN with fewer than two tokens. */
    public double perplexityStderr() {
        double stderr = meanNllStderr();
        // NaN (under two tokens) and 0 (no spread) pass through as they are, even where the perplexity is infinite.
        return stderr > 0 ? perplexity() * stderr : stderr;
    }

    /** The standard error of {@link #meanNll()}. */
    public double meanNllStderr() {
        if (count < 2) {
            return Double.NaN;
        }
        double mean = meanNll();
        double variance = sumSquares / count - mean * mean;
        return variance > 0 ? Math.sqrt(variance / (count - 1)) : 0;
    }
}
