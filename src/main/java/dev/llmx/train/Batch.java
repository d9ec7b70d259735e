package dev.llmx.train;

/**
 * Sequences of equal length for one step: {@code inputs[s·length + t]} is token t of sequence s,
 * {@code targets[…]} the token that should follow it, {@code weights[…]} how much that prediction counts in the loss
 * (1 for ordinary training; 0 where nothing is scored: the first half of a perplexity window, a prompt's tokens in
 * supervised fine-tuning).
 */
public record Batch(int sequences, int length, int[] inputs, int[] targets, float[] weights) {
    public Batch {
        int n = sequences * length;
        if (sequences <= 0 || length <= 0 || inputs.length != n || targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("a batch of " + sequences + " × " + length + " needs " + n
                    + " inputs, targets and weights");
        }
    }

    /** Every position scored with weight 1. */
    public static Batch of(int sequences, int length, int[] inputs, int[] targets) {
        float[] w = new float[inputs.length];
        java.util.Arrays.fill(w, 1f);
        return new Batch(sequences, length, inputs, targets, w);
    }

    public int rows() {
        return sequences * length;
    }

    /** The sum of the weights: the number of scored predictions when all weights are 0 or 1. */
    public double scored() {
        double s = 0;
        for (float w : weights) {
            s += w;
        }
        return s;
    }
}
