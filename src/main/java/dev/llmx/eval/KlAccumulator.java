package dev.llmx.eval;

import dev.llmx.logits.Distribution;

import java.util.Arrays;

/**
 * The per-position comparison of two next-token distributions over a run: KL divergence (mean, spread, quantiles),
 * whether the two most likely tokens agree, and Δp — the change in the probability of the token that really comes
 * next. Every position's KL is kept (a float each) for the median and percentiles.
 */
final class KlAccumulator {
    private float[] kls = new float[1024];
    private long count;
    private double klSum;
    private double klSquares;
    private double dpSum;
    private double dpSquares;
    private long sameTop;

    /** Adds one position: {@code base} and {@code other} are the two models' logits there, {@code target} the truth. */
    void add(float[] base, float[] other, int target) {
        add(Distribution.of(base), Distribution.of(other), target);
    }

    /** Adds one position from the two models' distributions there (over the same vocabulary). */
    void add(Distribution p, Distribution q, int target) {
        double kl = divergence(p, q, p.size());
        double dp = q.prob(target) - p.prob(target);
        klSum += kl;
        klSquares += kl * kl;
        dpSum += dp;
        dpSquares += dp * dp;
        sameTop += p.top(1)[0] == q.top(1)[0] ? 1 : 0;
        if (count == kls.length) {
            kls = Arrays.copyOf(kls, (int) Math.min(Integer.MAX_VALUE - 8, 2L * kls.length));
        }
        if (count < kls.length) {
            kls[(int) count] = (float) kl;
        }
        count++;
    }

    long count() {
        return count;
    }

    double meanKl() {
        return klSum / count;
    }

    double klStderr() {
        return stderr(klSum, klSquares, count);
    }

    double meanDeltaP() {
        return dpSum / count;
    }

    double deltaPStderr() {
        return stderr(dpSum, dpSquares, count);
    }

    double rmsDeltaP() {
        return Math.sqrt(dpSquares / count);
    }

    double sameTopFraction() {
        return sameTop / (double) count;
    }

    /** The {@code q}-quantile of the positions' KL (0.5: the median, 1: the maximum). */
    double klQuantile(double q) {
        float[] sorted = Arrays.copyOf(kls, (int) Math.min(count, kls.length));
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)));
        return sorted[i];
    }

    /** KL(p ‖ q) in nats, summed in double; tokens p gives (numerically) nothing add nothing. */
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
}
