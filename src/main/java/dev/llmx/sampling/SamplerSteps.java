package dev.llmx.sampling;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What each step of the chain does to the candidates, following llama.cpp's samplers (src/llama-sampling.cpp) with
 * min_keep = 1: no filter ever removes the last candidate. Probabilities seen by a step are the softmax of the
 * candidates that the steps before it left (renormalised), as in llama.cpp.
 */
final class SamplerSteps {
    private SamplerSteps() {
    }

    static void apply(SamplerStep step, SamplerSettings s, Candidates c, int[] recent, int count) {
        if (!s.isActive(step)) {
            return;
        }
        switch (step) {
            case PENALTIES -> penalties(c, s, recent, count);
            case TOP_K -> topK(c, s.topK());
            case TYPICAL_P -> typical(c, s.typicalP());
            case TOP_P -> topP(c, s.topP());
            case MIN_P -> minP(c, s.minP());
            case TEMPERATURE -> temperature(c, s.temperature());
        }
    }

    /**
     * For each token among the last N of the history, seen {@code n} times: a positive logit is divided by the
     * repeat penalty and a negative one multiplied (both make it less likely), then {@code n × frequency + presence}
     * is subtracted.
     */
    static void penalties(Candidates c, SamplerSettings s, int[] recent, int count) {
        int from = s.repeatLastN() < 0 ? 0 : Math.max(0, count - s.repeatLastN());
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = from; i < count; i++) {
            seen.merge(recent[i], 1, Integer::sum);
        }
        if (seen.isEmpty()) {
            return;
        }
        for (int i = 0; i < c.size(); i++) {
            Integer n = seen.get(c.id(i));
            if (n == null) {
                continue;
            }
            double logit = c.logit(i);
            logit = logit <= 0 ? logit * s.repeatPenalty() : logit / s.repeatPenalty();
            logit -= n * s.frequencyPenalty() + s.presencePenalty();
            c.setLogit(i, (float) logit);
        }
    }

    /** The k most likely (ties: smaller ids first). */
    static void topK(Candidates c, int k) {
        c.keepTop(Math.min(k, c.size()));
    }

    /** The most likely tokens until their probabilities add up to p or more (the one that reaches p stays). */
    static void topP(Candidates c, double p) {
        c.sort();
        double cumulative = 0;
        for (int i = 0; i < c.size(); i++) {
            cumulative += c.prob(i);
            if (cumulative >= p) {
                c.truncate(i + 1);
                return;
            }
        }
    }

    /** Tokens at least {@code p} times as likely as the most likely one: logit ≥ max logit + ln p. */
    static void minP(Candidates c, double p) {
        c.sort();
        double floor = c.logit(0) + Math.log(p);
        c.retain(i -> c.logit(i) >= floor);
    }

    /**
     * Locally typical sampling (Meister et al. 2022): rank tokens by how far their surprise −ln p is from the entropy,
     * and keep the closest until they add up to more than p. The survivors are put back in probability order.
     */
    static void typical(Candidates c, double p) {
        c.sort();
        int n = c.size();
        double entropy = c.entropy();
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = Math.abs(-Math.log(c.prob(i)) - entropy);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Stable: equal distances keep probability order, so the result does not depend on the sort's whims.
        Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
        boolean[] keep = new boolean[n];
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            keep[order[i]] = true;
            cumulative += c.prob(order[i]);
            if (cumulative > p) {
                break;
            }
        }
        c.retain(i -> keep[i]);
    }

    /** Divides the logits by t; t = 0 keeps only the most likely token (llama.cpp's greedy temperature). */
    static void temperature(Candidates c, double t) {
        if (t == 0) {
            c.sort();
            c.truncate(1);
        } else {
            c.scaleLogits(t);
        }
    }
}
