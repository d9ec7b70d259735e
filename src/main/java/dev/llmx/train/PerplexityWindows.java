package dev.llmx.train;

import dev.llmx.eval.ChunkedScoring;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Evaluation windows as llama.cpp's {@code llama-perplexity} makes them, so that a validation loss here is the log
 * of the perplexity it reports: the tokens (tokenized with BOS) are cut into chunks of {@code n} tokens, each chunk's
 * first token is replaced by BOS (when the model adds one), each chunk runs on its own, and only the predictions of
 * the second half count: the logits after positions n/2 … n−2, scoring tokens n/2+1 … n−1 of the chunk.
 */
public final class PerplexityWindows implements Evaluation {
    private final List<Batch> windows;
    private final int scored;

    /**
     * @param bos the BOS id, or −1 when the model adds none (the chunk then keeps its first token)
     */
    public PerplexityWindows(int[] tokens, int n, int bos, int maxWindows) {
        if (n < 4) {
            throw new IllegalArgumentException("evaluation windows need at least 4 tokens, not " + n);
        }
        int chunks = Math.min(tokens.length / n, maxWindows);
        if (chunks < 1) {
            throw new IllegalArgumentException("the evaluation text has " + tokens.length
                    + " tokens, fewer than one window of " + n);
        }
        // The chunk layout is llama-perplexity's, as llmx perplexity runs it (one place: ChunkedScoring).
        int first = ChunkedScoring.firstScored(n);
        OptionalInt bosToken = bos >= 0 ? OptionalInt.of(bos) : OptionalInt.empty();
        List<Batch> list = new ArrayList<>();
        int count = 0;
        for (int c = 0; c < chunks; c++) {
            int start = c * n;
            int[] in = ChunkedScoring.chunkInput(tokens, c, n, bosToken);
            int[] out = new int[n];
            float[] w = new float[n];
            for (int j = first; j < n - 1; j++) {
                out[j] = tokens[start + j + 1];
                w[j] = 1f;
                count++;
            }
            list.add(new Batch(1, n, in, out, w));
        }
        this.windows = List.copyOf(list);
        this.scored = count;
    }

    public List<Batch> windows() {
        return windows;
    }

    /** Predictions scored over all windows. */
    @Override
    public int scored() {
        return scored;
    }

    /** The windows stacked into batches of up to {@code sequences} (all windows score the same count). */
    public List<Batch> batches(int sequences) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i += sequences) {
            int k = Math.min(sequences, windows.size() - i);
            int n = windows.get(0).length();
            int[] in = new int[k * n];
            int[] tg = new int[k * n];
            float[] w = new float[k * n];
            for (int j = 0; j < k; j++) {
                Batch b = windows.get(i + j);
                System.arraycopy(b.inputs(), 0, in, j * n, n);
                System.arraycopy(b.targets(), 0, tg, j * n, n);
                System.arraycopy(b.weights(), 0, w, j * n, n);
            }
            out.add(new Batch(k, n, in, tg, w));
        }
        return out;
    }

    /** The mean negative log-likelihood over every scored prediction: ln(perplexity). */
    @Override
    public double loss(LlamaNetwork net, int sequences) {
        double total = 0;
        double weights = 0;
        for (Batch b : batches(sequences)) {
            double w = b.scored();
            total += net.forward(b) * w;
            weights += w;
        }
        return total / weights;
    }
}
