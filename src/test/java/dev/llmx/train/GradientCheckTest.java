package dev.llmx.train;

import dev.llmx.model.RopeLayout;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backward pass against central finite differences of an independent double-precision forward pass
 * ({@link ReferenceLlama}), for every element of every parameter tensor of a tiny random model: tied and separate
 * output, grouped-query and multi-head attention, both RoPE layouts, partial RoPE.
 *
 * <p>Tolerance: per tensor, ‖g_backprop − g_fd‖ / ‖g_fd‖ &lt; 1e-3 (the analytic gradient is computed in F32, whose
 * rounding is about 1e-7 relative per operation; the central difference with h = 1e-5 in double has a truncation
 * error of order h² and a rounding error of order 1e-16/h, both far below that), and every element within
 * 1e-4 + 1e-3·|g_fd|.
 */
class GradientCheckTest {
    @ParameterizedTest(name = "tied={0} heads={1} kv_heads={2} layout={3} rope_dims={4}")
    @CsvSource({
        "false, 4, 2, INTERLEAVED, 4",
        "true,  4, 2, INTERLEAVED, 4",
        "false, 4, 4, HALVES, 4",
        "true,  4, 4, INTERLEAVED, 2",
        "false, 4, 1, HALVES, 2",
    })
    void everyTensorMatchesCentralDifferences(boolean tied, int heads, int kvHeads, RopeLayout layout, int ropeDims) {
        LlamaShape shape = new LlamaShape(8, 2, heads, kvHeads, 4, 12, 11, 1e-5, 10000, ropeDims, layout, tied, 64);
        Parameters p = Parameters.random(shape, 7);
        // Weights of 0.02 give gradients too small to tell apart from noise; make the model's functions curve.
        Random r = new Random(3);
        for (Parameter t : p.all()) {
            for (int i = 0; i < t.size(); i++) {
                t.values()[i] = t.isVector() ? (float) (1 + 0.3 * r.nextGaussian()) : (float) (0.4 * r.nextGaussian());
            }
        }
        int sequences = 2;
        int length = 5;
        int[] in = new int[sequences * length];
        int[] out = new int[in.length];
        float[] weights = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextInt(shape.vocab());
            out[i] = r.nextInt(shape.vocab());
            weights[i] = i % 3 == 0 ? 0f : 1f + (i % 2); // a mask and unequal weights are part of the loss
        }
        Batch batch = new Batch(sequences, length, in, out, weights);

        try (WorkerPool pool = new WorkerPool(2)) {
            LlamaNetwork net = new LlamaNetwork(p, pool, Kernels.scalar().floats());
            double loss = net.forward(batch);
            net.backward();
            ReferenceLlama ref = new ReferenceLlama(p);
            assertEquals(ref.loss(batch), loss, 1e-5 * Math.abs(loss), "the loss itself");

            double h = 1e-5;
            for (int ti = 0; ti < p.all().size(); ti++) {
                Parameter t = p.all().get(ti);
                double[] w = ref.w[ti];
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < w.length; i++) {
                    double keep = w[i];
                    w[i] = keep + h;
                    double up = ref.loss(batch);
                    w[i] = keep - h;
                    double down = ref.loss(batch);
                    w[i] = keep;
                    double fd = (up - down) / (2 * h);
                    double g = t.gradient()[i];
                    assertTrue(Math.abs(g - fd) < 1e-4 + 1e-3 * Math.abs(fd),
                            t.name() + "[" + i + "]: backprop " + g + ", central difference " + fd);
                    diff += (g - fd) * (g - fd);
                    norm += fd * fd;
                }
                assertTrue(norm > 0, t.name() + " has no gradient at all");
                double rel = Math.sqrt(diff / norm);
                assertTrue(rel < 1e-3, t.name() + ": relative error " + rel);
            }
        }
    }
}
