package dev.llmx.sampling;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The tokens still in the running and their logits, as llama.cpp's {@code llama_token_data_array}: each sampler step
 * changes logits or drops candidates, and the probabilities are always the softmax of the candidates that remain
 * (renormalised after every filter). Probabilities are computed when first asked for after a change, so a chain that
 * nobody watches pays for a softmax only where a step or the draw needs one.
 *
 * <p>Order: after {@link #sort()} the most likely first, ties broken by the smaller id, so every run and every
 * thread count sees the same order.
 */
public final class Candidates {
    private final int[] ids;
    private final float[] logits;
    private final double[] probs;
    private long[] keys = new long[0];
    private int size;
    private boolean sorted;
    private boolean probsValid;

    private Candidates(int capacity) {
        ids = new int[capacity];
        logits = new float[capacity];
        probs = new double[capacity];
    }

    /** Every token of a vocabulary: id i has logit {@code logits[i]}. The array is copied. */
    public static Candidates ofVocabulary(float[] logits) {
        int[] ids = new int[logits.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return of(ids, logits);
    }

    /** The tokens {@code ids} with their {@code logits} (a partial list, as a top-K read from JSON). Copied. */
    public static Candidates of(int[] ids, float[] logits) {
        if (ids.length != logits.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + logits.length + " logits");
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("no candidates: the logits are empty");
        }
        boolean finite = false;
        for (float v : logits) {
            if (Float.isNaN(v) || v == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("a logit is " + v + "; logits must be finite or -inf");
            }
            finite |= v != Float.NEGATIVE_INFINITY;
        }
        if (!finite) {
            throw new IllegalArgumentException("every logit is -inf: no token can be sampled");
        }
        Candidates c = new Candidates(ids.length);
        System.arraycopy(ids, 0, c.ids, 0, ids.length);
        for (int i = 0; i < ids.length; i++) {
            c.logits[i] = logits[i] + 0.0f; // -0.0 becomes 0.0, so that it ties with 0.0 in the sort
        }
        c.size = ids.length;
        return c;
    }

    /** A copy of the current state (for a trace of the chain). */
    public Candidates copy() {
        Candidates c = new Candidates(size);
        System.arraycopy(ids, 0, c.ids, 0, size);
        System.arraycopy(logits, 0, c.logits, 0, size);
        System.arraycopy(probs, 0, c.probs, 0, size);
        c.size = size;
        c.sorted = sorted;
        c.probsValid = probsValid;
        return c;
    }

    public int size() {
        return size;
    }

    public int id(int index) {
        return ids[index];
    }

    public float logit(int index) {
        return logits[index];
    }

    /** The probability of the candidate at {@code index} among those that remain. */
    public double prob(int index) {
        softmax();
        return probs[index];
    }

    /** The index of token {@code id}, or -1 when it is no longer a candidate. */
    public int indexOf(int id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    void setLogit(int index, float logit) {
        logits[index] = logit + 0.0f;
        sorted = false;
        probsValid = false;
    }

    /** Divides every logit by {@code t} (t > 0): the order is unchanged. */
    void scaleLogits(double t) {
        for (int i = 0; i < size; i++) {
            logits[i] = (float) (logits[i] / t) + 0.0f;
        }
        probsValid = false;
    }

    /** Most likely first; ties: the smaller id first. */
    public void sort() {
        if (sorted) {
            return;
        }
        if (keys.length < size) {
            keys = new long[size];
        }
        // One primitive sort of (descending logit, ascending index) packed in a long: no boxing, no comparator.
        for (int i = 0; i < size; i++) {
            int bits = Float.floatToIntBits(logits[i]);
            bits ^= (bits >> 31) & 0x7fffffff; // now ordered as the floats are
            keys[i] = ((long) ~bits << 32) | i;
        }
        Arrays.sort(keys, 0, size);
        int[] sortedIds = new int[size];
        float[] sortedLogits = new float[size];
        double[] sortedProbs = new double[size];
        for (int i = 0; i < size; i++) {
            int from = (int) keys[i];
            sortedIds[i] = ids[from];
            sortedLogits[i] = logits[from];
            sortedProbs[i] = probs[from];
        }
        // Ties of equal logits must come out in id order: the index order is the id order only for a vocabulary
        // that was never reordered, so break ties by id explicitly.
        for (int start = 0; start < size; ) {
            int end = start + 1;
            while (end < size && sortedLogits[end] == sortedLogits[start]) {
                end++;
            }
            if (end - start > 1) {
                Arrays.sort(sortedIds, start, end); // equal logits, so the probabilities are equal too
            }
            start = end;
        }
        System.arraycopy(sortedIds, 0, ids, 0, size);
        System.arraycopy(sortedLogits, 0, logits, 0, size);
        System.arraycopy(sortedProbs, 0, probs, 0, size);
        sorted = true;
    }

    /**
     * Keeps the {@code k} most likely, most likely first (ties: the smaller id), as {@link #sort()} then a cut would,
     * but without sorting the whole vocabulary: an insertion into a list of k, which most logits leave at the first
     * comparison. This is the step that makes sampling from a 150k vocabulary cheap in {@code generate}.
     */
    void keepTop(int k) {
        if (sorted || k >= size) {
            sort();
            truncate(k);
            return;
        }
        int[] top = new int[k];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (n == k && !ahead(i, top[k - 1])) {
                continue;
            }
            int at = n < k ? n++ : k - 1;
            while (at > 0 && ahead(i, top[at - 1])) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        int[] keptIds = new int[k];
        float[] keptLogits = new float[k];
        for (int j = 0; j < k; j++) {
            keptIds[j] = ids[top[j]];
            keptLogits[j] = logits[top[j]];
        }
        System.arraycopy(keptIds, 0, ids, 0, k);
        System.arraycopy(keptLogits, 0, logits, 0, k);
        size = k;
        sorted = true;
        probsValid = false;
    }

    /** Whether the candidate at index a comes before the one at b: a larger logit, or the same and a smaller id. */
    private boolean ahead(int a, int b) {
        return logits[a] > logits[b] || (logits[a] == logits[b] && ids[a] < ids[b]);
    }

    /** Keeps the first {@code n} candidates in the current order. */
    void truncate(int n) {
        if (n < size) {
            size = Math.max(1, n);
            probsValid = false;
        }
    }

    /** Keeps the candidates whose index passes {@code keep}, in order (at least the first one stays). */
    void retain(IntPredicate keep) {
        boolean[] kept = new boolean[size];
        for (int i = 0; i < size; i++) {
            kept[i] = keep.test(i);
        }
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (kept[i]) {
                ids[n] = ids[i];
                logits[n] = logits[i];
                probs[n] = probs[i];
                n++;
            }
        }
        if (n == 0) {
            n = 1; // a filter never leaves nothing: the first candidate (the most likely, when sorted) stays
        }
        if (n < size) {
            size = n;
            probsValid = false;
        }
    }

    /**
     * The softmax of the remaining logits, done as llama.cpp does but in double: subtract the largest logit so that
     * no exp overflows, sum in double, divide. A -inf logit gets probability 0.
     */
    private void softmax() {
        if (probsValid) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logits[i]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            throw new IllegalStateException("every remaining logit is -inf");
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double e = Math.exp((double) logits[i] - max);
            probs[i] = e;
            sum += e;
        }
        for (int i = 0; i < size; i++) {
            probs[i] /= sum;
        }
        probsValid = true;
    }

    /** Entropy of the remaining distribution in nats: −Σ p ln p. */
    public double entropy() {
        softmax();
        double h = 0;
        for (int i = 0; i < size; i++) {
            if (probs[i] > 0) {
                h -= probs[i] * Math.log(probs[i]);
            }
        }
        return h;
    }
}
