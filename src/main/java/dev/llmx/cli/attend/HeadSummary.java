package dev.llmx.cli.attend;

/**
 * What one head does over the prompt, from its attention weights: for each query the entropy of its weights (in
 * nats: 0 = all on one key, ln(keys seen) = spread evenly), the key it weighs most, and the share on the first token
 * (many heads park attention there, the "attention sink").
 */
public record HeadSummary(int head, int kvHead, double[] entropy, int[] strongest, double[] firstShare) {
    /** Summary of head {@code head} from weights {@code positions × heads × positions}. */
    public static HeadSummary of(float[] weights, int positions, int heads, int head, int kvHead) {
        double[] entropy = new double[positions];
        int[] strongest = new int[positions];
        double[] first = new double[positions];
        for (int i = 0; i < positions; i++) {
            int o = (i * heads + head) * positions;
            double e = 0;
            int best = 0;
            for (int j = 0; j < positions; j++) {
                float w = weights[o + j];
                if (w > 0) {
                    e -= w * Math.log(w);
                }
                if (w > weights[o + best]) {
                    best = j;
                }
            }
            entropy[i] = e;
            strongest[i] = best;
            first[i] = weights[o];
        }
        return new HeadSummary(head, kvHead, entropy, strongest, first);
    }

    public double meanEntropy() {
        return mean(entropy);
    }

    public double meanFirstShare() {
        return mean(firstShare);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
