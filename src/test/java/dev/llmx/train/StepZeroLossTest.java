package dev.llmx.train;

import dev.llmx.engine.Model;
import dev.llmx.engine.Session;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.logits.Distribution;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import dev.llmx.testing.Refs;
import dev.llmx.tokenize.ModelTokenizers;
import dev.llmx.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The loss at step 0 is the model's own evaluation: the training forward pass gives, position by position, the same
 * negative log-likelihoods as the engine's logits, and over llama-perplexity's windows the same perplexity that
 * llama.cpp printed for the embedded model on the first 64 KiB of War and Peace with -c 128 (45.3203, see
 * ../shared/refs/perplexity/README.md).
 */
class StepZeroLossTest {
    static String firstBytes(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
    }

    @Test
    void trainingForwardMatchesEngineAndLlamaPerplexity() throws IOException {
        Path corpus = Refs.require("corpus/war-and-peace.txt");
        String text = firstBytes(corpus, 65536);
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path()); WorkerPool pool = new WorkerPool(2)) {
            Tokenizer tok = ModelTokenizers.of(source);
            int[] tokens = tok.encode(text, false, true).ids();
            int bos = tokens[0];
            PerplexityWindows windows = new PerplexityWindows(tokens, 128, bos, Integer.MAX_VALUE);
            Parameters p = Parameters.of(source);
            LlamaNetwork net = new LlamaNetwork(p, pool, Kernels.scalar().floats());

            Model model = Model.load(source, Kernels.forModel(1));
            for (int wi = 0; wi < 3; wi++) {
                int w = wi;
                Batch b = windows.windows().get(w);
                double loss = net.forward(b);
                float[] mine = net.positionLosses();
                double engineSum = 0;
                // An F32 cache: the training forward keeps keys and values in F32, the engine's default cache is F16.
                try (Session session = Session.open(model, 128, 1, KvCacheTypes.F32)) {
                    double[] sum = {0};
                    session.prefillAll(b.inputs(), null, (position, logits) -> {
                        if (b.weights()[position] > 0) {
                            double nll = -Distribution.of(logits).logProb(b.targets()[position]);
                            assertEquals(nll, mine[position], 1e-4, "window " + w + " position " + position);
                            sum[0] += nll;
                        }
                    });
                    engineSum = sum[0];
                }
                assertEquals(engineSum / b.scored(), loss, 1e-5, "window " + w + " mean");
            }
            double perplexity = Math.exp(windows.loss(net, 8));
            assertEquals(45.3203, perplexity, 0.01, "llama-perplexity -c 128 on the first 64 KiB");
        }
    }
}
