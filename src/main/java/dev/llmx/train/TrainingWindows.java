package dev.llmx.train;

import java.util.Random;

/**
 * Training batches from a stream of tokens: each sequence is a window of {@code length + 1} consecutive tokens at a
 * random offset (inputs are its first {@code length}, targets the same shifted by one), every prediction scored.
 * The offsets come from a seeded generator, so the same seed gives the same batches.
 */
public final class TrainingWindows implements BatchSource {
    private final int[] tokens;
    private final int length;
    private final Random random;

    public TrainingWindows(int[] tokens, int length, long seed) {
        if (tokens.length < length + 1) {
            throw new IllegalArgumentException("the text has " + tokens.length + " tokens, fewer than one sequence of "
                    + (length + 1));
        }
        this.tokens = tokens;
        this.length = length;
        this.random = new Random(seed);
    }

    public int tokens() {
        return tokens.length;
    }

    @Override
    public Batch next(int sequences) {
        int[] in = new int[sequences * length];
        int[] out = new int[sequences * length];
        int starts = tokens.length - length; // offsets 0 … tokens − length − 1
        for (int s = 0; s < sequences; s++) {
            int start = random.nextInt(starts);
            System.arraycopy(tokens, start, in, s * length, length);
            System.arraycopy(tokens, start + 1, out, s * length, length);
        }
        return Batch.of(sequences, length, in, out);
    }
}
