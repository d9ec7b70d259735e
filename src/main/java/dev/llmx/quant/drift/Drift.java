package dev.llmx.quant.drift;

/**
 * How far a quantized model's pass over a prompt drifts from the original's.
 *
 * @param tokens           the prompt's tokens
 * @param cosine           {@code [layer][position]}: cosine similarity of the two models' {@code blk.N.resid_out}
 * @param kl               per position: KL(original ‖ quantized) of the next-token distributions, in nats
 * @param originalTop      per position: the original model's most likely next token
 * @param quantizedTop     per position: the quantized model's most likely next token
 * @param originalLogProb  per position but the last: ln p(next prompt token) under the original
 * @param quantizedLogProb the same under the quantized model
 */
public record Drift(int[] tokens, double[][] cosine, double[] kl, int[] originalTop, int[] quantizedTop,
                    double[] originalLogProb, double[] quantizedLogProb) {
    public int layers() {
        return cosine.length;
    }

    public int positions() {
        return tokens.length;
    }

    public double meanCosine(int layer) {
        return mean(cosine[layer]);
    }

    public double minCosine(int layer) {
        double m = Double.POSITIVE_INFINITY;
        for (double c : cosine[layer]) {
            m = Math.min(m, c);
        }
        return m;
    }

    public double meanKl() {
        return mean(kl);
    }

    public double maxKl() {
        double m = 0;
        for (double v : kl) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Positions where both models put the same token first. */
    public int top1Agreements() {
        int n = 0;
        for (int i = 0; i < originalTop.length; i++) {
            if (originalTop[i] == quantizedTop[i]) {
                n++;
            }
        }
        return n;
    }

    public double top1Agreement() {
        return (double) top1Agreements() / positions();
    }

    /** exp of the mean negative log-probability of the prompt's tokens after the first; NaN for a 1-token prompt. */
    public double originalPerplexity() {
        return perplexity(originalLogProb);
    }

    public double quantizedPerplexity() {
        return perplexity(quantizedLogProb);
    }

    private static double perplexity(double[] logProbs) {
        return logProbs.length == 0 ? Double.NaN : Math.exp(-mean(logProbs));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
