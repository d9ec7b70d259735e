package dev.llmx.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a position's logits, in llama.cpp's order: repetition penalty, then top-k, top-p and
 * min-p narrow the candidates (judged on the untempered distribution), then the temperature shapes what is left
 * and one token is drawn. With temperature 0 the penalty still applies and the most likely token wins.
 *
 * <p>The caller's logits are never modified.
 */
public final class Sampler {
    private final SamplerSettings settings;
    private final SplittableRandom random;
    private float[] work = new float[0];
    private int[] order = new int[0];

    public Sampler(SamplerSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    public SamplerSettings settings() {
        return settings;
    }

    /**
     * The next token.
     *
     * @param recent the tokens so far (the penalty looks at the last {@code repeatLastN} of {@code recent[0, count)})
     */
    public int sample(float[] logits, int[] recent, int count) {
        float[] l = penalized(logits, recent, count);
        if (settings.isGreedy()) {
            return argmax(l);
        }
        int n = candidates(l);
        double[] p = new double[n];
        double max = l[order[0]];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((l[order[i]] - max) / settings.temperature());
            sum += p[i];
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            r -= p[i];
            if (r < 0) {
                return order[i];
            }
        }
        return order[n - 1];
    }

    /** The logits with the repetition penalty applied (a copy, or the caller's array when the penalty is off). */
    private float[] penalized(float[] logits, int[] recent, int count) {
        if (settings.repeatPenalty() == 1.0 || settings.repeatLastN() == 0 || count == 0) {
            return logits;
        }
        if (work.length != logits.length) {
            work = new float[logits.length];
        }
        System.arraycopy(logits, 0, work, 0, logits.length);
        float penalty = (float) settings.repeatPenalty();
        boolean[] seen = new boolean[logits.length];
        for (int i = Math.max(0, count - settings.repeatLastN()); i < count; i++) {
            int id = recent[i];
            if (id >= 0 && id < work.length && !seen[id]) {
                seen[id] = true;
                work[id] = work[id] > 0 ? work[id] / penalty : work[id] * penalty;
            }
        }
        return work;
    }

    /**
     * Narrows to top-k, top-p and min-p; leaves the survivors' ids in {@code order[0, n)}, most likely first, and
     * returns n (at least 1).
     */
    private int candidates(float[] l) {
        int k = settings.topK() > 0 ? Math.min(settings.topK(), l.length) : l.length;
        int n = topK(l, k);
        double max = l[order[0]];
        // top-p over the softmax of the candidates
        if (settings.topP() < 1) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(l[order[i]] - max);
            }
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += Math.exp(l[order[i]] - max) / sum;
                if (cumulative >= settings.topP()) {
                    n = i + 1;
                    break;
                }
            }
        }
        // min-p: p ≥ min_p · p_max  ⇔  logit ≥ max + ln(min_p)
        if (settings.minP() > 0) {
            double floor = max + Math.log(settings.minP());
            int kept = 1;
            while (kept < n && l[order[kept]] >= floor) {
                kept++;
            }
            n = kept;
        }
        return n;
    }

    /** Puts the ids of the k largest logits into {@code order[0, k)}, largest first; returns k. */
    private int topK(float[] l, int k) {
        if (order.length < l.length) {
            order = new int[l.length];
        }
        if (k == l.length) {
            Integer[] boxed = new Integer[l.length];
            for (int i = 0; i < l.length; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Float.compare(l[b], l[a]));
            for (int i = 0; i < l.length; i++) {
                order[i] = boxed[i];
            }
            return k;
        }
        // Insertion into a sorted list of k: O(n·k) worst case, but most logits fail the first comparison.
        int size = 0;
        for (int id = 0; id < l.length; id++) {
            float v = l[id];
            if (size == k && v <= l[order[k - 1]]) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && l[order[at - 1]] < v) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = id;
        }
        return size;
    }

    /** The id of the largest logit (the first one on ties). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
