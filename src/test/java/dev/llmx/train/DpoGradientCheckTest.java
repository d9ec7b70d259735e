package dev.llmx.train;

import dev.llmx.model.RopeLayout;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DPO objective's gradient (through {@link LlamaNetwork#backward(float[], LlamaNetwork.GradientListener)}) against
 * central differences of the same objective computed in double precision by {@link ReferenceLlama}, with the policy
 * moved away from its frozen reference so that the margin is not 0. Tolerance as in {@link GradientCheckTest}.
 */
class DpoGradientCheckTest {
    @Test
    void dpoGradientMatchesCentralDifferences() {
        LlamaShape shape = new LlamaShape(8, 2, 4, 2, 4, 12, 11, 1e-5, 10000, 4, RopeLayout.INTERLEAVED, false, 64);
        Parameters p = Parameters.random(shape, 11);
        Random r = new Random(5);
        for (Parameter t : p.all()) {
            for (int i = 0; i < t.size(); i++) {
                t.values()[i] = t.isVector() ? (float) (1 + 0.3 * r.nextGaussian()) : (float) (0.4 * r.nextGaussian());
            }
        }
        List<PreferencePair> pairs = List.of(
                new PreferencePair(new int[] {1, 4, 7}, new int[] {2, 9}, new int[] {3, 3, 5}),
                new PreferencePair(new int[] {1, 8}, new int[] {6, 10, 2}, new int[] {0}));
        double beta = 0.5;
        DpoTrainer.Config config = new DpoTrainer.Config(2, beta, new Schedule(1e-3, 1e-4, 0, 1),
                Optimizer.Settings.of(OptimizerKind.ADAM, 0), 0, 1);
        try (WorkerPool pool = new WorkerPool(2)) {
            DpoTrainer dpo = new DpoTrainer(p, pairs, config, pool, Kernels.scalar().floats());
            for (Parameter t : p.all()) { // the policy leaves the reference
                for (int i = 0; i < t.size(); i++) {
                    t.values()[i] += (float) (0.1 * r.nextGaussian());
                }
            }
            double[] stats = new double[5];
            double loss = dpo.lossAndGradient(List.of(0, 1), stats, new ArrayList<>());
            assertTrue(Math.abs(stats[0]) > 1e-3, "the margin is not 0: " + stats[0]);

            ReferenceLlama ref = new ReferenceLlama(p);
            double[][] refLogProbs = {dpo.referenceLogProbs(0), dpo.referenceLogProbs(1)};
            assertEquals(dpoLoss(ref, pairs, refLogProbs, beta), loss, 1e-5, "the loss itself");
            double h = 1e-5;
            for (int ti = 0; ti < p.all().size(); ti++) {
                Parameter t = p.all().get(ti);
                double[] w = ref.w[ti];
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < w.length; i++) {
                    double keep = w[i];
                    w[i] = keep + h;
                    double up = dpoLoss(ref, pairs, refLogProbs, beta);
                    w[i] = keep - h;
                    double down = dpoLoss(ref, pairs, refLogProbs, beta);
                    w[i] = keep;
                    double fd = (up - down) / (2 * h);
                    double g = t.gradient()[i];
                    assertTrue(Math.abs(g - fd) < 1e-4 + 1e-3 * Math.abs(fd),
                            t.name() + "[" + i + "]: backprop " + g + ", central difference " + fd);
                    diff += (g - fd) * (g - fd);
                    norm += fd * fd;
                }
                assertTrue(norm > 0, t.name() + " has no gradient");
                assertTrue(Math.sqrt(diff / norm) < 1e-3, t.name() + ": relative error " + Math.sqrt(diff / norm));
            }
        }
    }

    /** mean over pairs of −ln σ(β[(log π(c) − log π_ref(c)) − (log π(r) − log π_ref(r))]), in double. */
    private static double dpoLoss(ReferenceLlama ref, List<PreferencePair> pairs, double[][] refLogProbs,
                                  double beta) {
        Batch b = DpoTrainer.batch(pairs);
        double loss = 0;
        for (int j = 0; j < pairs.size(); j++) {
            double lc = -responseNll(ref, b, 2 * j);
            double lr = -responseNll(ref, b, 2 * j + 1);
            double z = beta * ((lc - refLogProbs[j][0]) - (lr - refLogProbs[j][1]));
            loss += Math.log1p(Math.exp(-z));
        }
        return loss / pairs.size();
    }

    private static double responseNll(ReferenceLlama ref, Batch b, int seq) {
        double[][] nll = ref.sequence(b, seq);
        double s = 0;
        for (int t = 0; t < b.length(); t++) {
            s += b.weights()[seq * b.length() + t] * nll[t][0];
        }
        return s;
    }
}
