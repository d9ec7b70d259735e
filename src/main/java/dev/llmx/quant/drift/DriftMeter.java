package dev.llmx.quant.drift;

import dev.llmx.LlmxException;
import dev.llmx.engine.Model;
import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Session;
import dev.llmx.engine.Stage;
import dev.llmx.logits.Distribution;

import java.util.HashSet;
import java.util.Set;

/**
 * Runs a prompt through two models in lockstep, one token at a time, and compares them as they go: after each token,
 * the hidden state every layer leaves in the residual stream ({@code blk.N.resid_out}) and the next-token
 * distribution. Going token by token keeps only one position of the original's hidden states and logits in memory,
 * whatever the prompt's length and the vocabulary's size.
 */
public final class DriftMeter {
    private DriftMeter() {
    }

    public static Drift measure(Model original, Model quantized, int[] tokens, int threads) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens");
        }
        if (original.layerCount() != quantized.layerCount() || original.vocabSize() != quantized.vocabSize()) {
            throw new IllegalArgumentException("the models differ in shape");
        }
        long trained = original.trainedContext();
        if (trained > 0 && tokens.length > trained) {
            throw new LlmxException("the prompt has " + tokens.length + " tokens, more than the model's context of "
                    + trained + "; shorten it");
        }
        int layers = original.layerCount();
        int n = tokens.length;
        double[][] cosine = new double[layers][n];
        double[] kl = new double[n];
        int[] originalTop = new int[n];
        int[] quantizedTop = new int[n];
        double[] originalLogProb = new double[n - 1];
        double[] quantizedLogProb = new double[n - 1];
        float[][] hidden = new float[layers][];
        float[] originalLogits = new float[original.vocabSize()];

        Probe keep = new ResidualProbe(layers, (layer, row) -> hidden[layer] = row);
        int[] at = new int[1];
        Probe compare = new ResidualProbe(layers, (layer, row) -> cosine[layer][at[0]] = cosine(hidden[layer], row));
        try (Session a = Session.open(original, n, threads); Session b = Session.open(quantized, n, threads)) {
            for (int i = 0; i < n; i++) {
                at[0] = i;
                System.arraycopy(a.decode(tokens[i], keep), 0, originalLogits, 0, originalLogits.length);
                float[] quantizedLogits = b.decode(tokens[i], compare);
                Distribution p = Distribution.of(originalLogits);
                Distribution q = Distribution.of(quantizedLogits);
                kl[i] = klDivergence(p, q, originalLogits.length);
                originalTop[i] = p.top(1)[0];
                quantizedTop[i] = q.top(1)[0];
                if (i + 1 < n) {
                    originalLogProb[i] = p.logProb(tokens[i + 1]);
                    quantizedLogProb[i] = q.logProb(tokens[i + 1]);
                }
            }
        }
        return new Drift(tokens.clone(), cosine, kl, originalTop, quantizedTop, originalLogProb, quantizedLogProb);
    }

    /**
     * a·b / (|a|·|b|) in double. Identical vectors give exactly 1 (the sums are the same, and √(x·x) = x in IEEE
     * arithmetic); two zero vectors count as identical.
     */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        if (aa == 0 || bb == 0) {
            return aa == bb ? 1 : 0;
        }
        return Math.max(-1, Math.min(1, dot / Math.sqrt(aa * bb)));
    }

    /** Σ p·(ln p − ln q) in nats: 0 exactly when the logits are the same. */
    static double klDivergence(Distribution p, Distribution q, int vocab) {
        double sum = 0;
        for (int id = 0; id < vocab; id++) {
            double lp = p.logProb(id);
            if (lp > -745) { // exp underflows to 0 below this: the term is 0
                sum += Math.exp(lp) * (lp - q.logProb(id));
            }
        }
        return Math.max(0, sum);
    }

    /** Hands a copy of each layer's {@code resid_out} row (one token per pass) to a consumer. */
    private static final class ResidualProbe implements Probe {
        interface RowConsumer {
            void accept(int layer, float[] row);
        }

        private final Set<String> names = new HashSet<>();
        private final RowConsumer consumer;

        ResidualProbe(int layers, RowConsumer consumer) {
            for (int l = 0; l < layers; l++) {
                names.add(Stage.RESID_OUT.tensorName(l));
            }
            this.consumer = consumer;
        }

        @Override
        public boolean wants(String name) {
            return names.contains(name);
        }

        @Override
        public void observe(ProbeTensor tensor) {
            if (tensor.stage() == Stage.RESID_OUT) {
                int width = tensor.rowLength();
                float[] row = new float[width];
                System.arraycopy(tensor.values(), 0, row, 0, width);
                consumer.accept(tensor.layer(), row);
            }
        }
    }
}
