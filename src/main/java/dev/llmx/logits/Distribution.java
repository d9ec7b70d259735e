package dev.llmx.logits;

/**
 * The probability distribution a position's logits stand for: {@code p(i) = exp(logit_i) / Σ exp(logit_j)},
 * computed stably (the largest logit is subtracted first, sums in double). The logits are read, not copied: use it
 * before the array is reused.
 */
public final class Distribution {
    private final float[] logits;
    private final double max;
    private final double logSumExp;

    private Distribution(float[] logits) {
        this.logits = logits;
        float m = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            m = Math.max(m, v);
        }
        this.max = m;
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - m);
        }
        this.logSumExp = m + Math.log(sum);
    }

    public static Distribution of(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits");
        }
        return new Distribution(logits);
    }

    /** How many tokens it spans (the vocabulary). */
    public int size() {
        return logits.length;
    }

    public float logit(int id) {
        return logits[id];
    }

    /** ln p(id). */
    public double logProb(int id) {
        return logits[id] - logSumExp;
    }

    public double prob(int id) {
        return Math.exp(logProb(id));
    }

    /** Entropy in nats: −Σ p ln p (0 when one token is certain; ln(n_vocab) when all are equally likely). */
    public double entropy() {
        double h = 0;
        for (float v : logits) {
            double lp = v - logSumExp;
            if (lp > -700) {
                h -= Math.exp(lp) * lp;
            }
        }
        return h;
    }

    /** 1 for the most likely token, 2 for the next…: how many tokens have a larger logit, plus one. */
    public int rank(int id) {
        float v = logits[id];
        int above = 0;
        for (float x : logits) {
            if (x > v) {
                above++;
            }
        }
        return above + 1;
    }

    /** The ids of the {@code k} largest logits, largest first (ties: the smaller id first). */
    public int[] top(int k) {
        int n = Math.min(k, logits.length);
        int[] ids = new int[n];
        int size = 0;
        for (int id = 0; id < logits.length; id++) {
            float v = logits[id];
            if (size == n && v <= logits[ids[n - 1]]) {
                continue;
            }
            int at = size < n ? size++ : n - 1;
            while (at > 0 && logits[ids[at - 1]] < v) {
                ids[at] = ids[at - 1];
                at--;
            }
            ids[at] = id;
        }
        return ids;
    }

    /** The largest logit. */
    public double max() {
        return max;
    }
}
