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

/** The loop on a tiny random model and a synthetic text that can be learned (a repeating pattern). */
class TrainerTest {
    private static int[] pattern(int n) {
        int[] t = new int[n];
        Random r = new Random(1);
        int[] motif = {3, 7, 1, 9, 4, 4, 2, 8, 5, 6};
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(8) == 0 ? r.nextInt(11) : motif[i % motif.length];
        }
        return t;
    }

    private static Trainer trainer(WorkerPool pool, int steps) {
        LlamaShape shape = new LlamaShape(16, 2, 4, 2, 4, 32, 11, 1e-5, 10000, 4, RopeLayout.INTERLEAVED, false, 64);
        Parameters p = Parameters.random(shape, 5);
        int[] tokens = pattern(4000);
        Trainer.Config c = new Trainer.Config(4, 16, new Schedule(1e-2, 1e-3, 5, steps),
                Optimizer.Settings.of(OptimizerKind.ADAMW, 0.01), 1.0, 10, 0, 8, new int[] {1});
        return new Trainer(p, c, new TrainingWindows(java.util.Arrays.copyOf(tokens, 3000), 16, 3),
                new PerplexityWindows(java.util.Arrays.copyOfRange(tokens, 3000, 4000), 16, 0, 100), pool,
                Kernels.scalar().floats());
    }

    @Test
    void lossFallsAndTheRunStopsWhenAsked() {
        try (WorkerPool pool = new WorkerPool(2)) {
            List<Trainer.Step> steps = new ArrayList<>();
            Trainer.Result r = trainer(pool, 60).run(steps::add, () -> false);
            assertEquals(Trainer.Stop.STEPS, r.stop());
            assertEquals(61, steps.size()); // 60 steps and the closing validation
            assertTrue(r.lastValLoss() < 0.6 * r.firstValLoss(), r.firstValLoss() + " → " + r.lastValLoss());
            assertEquals(Math.log(11), r.firstValLoss(), 0.1, "a random model guesses uniformly");

            int[] asked = {0};
            Trainer.Result stopped = trainer(pool, 60).run(s -> asked[0]++, () -> asked[0] >= 3);
            assertEquals(Trainer.Stop.INTERRUPTED, stopped.stop());
            assertEquals(3, stopped.stepsDone());
        }
    }
}
