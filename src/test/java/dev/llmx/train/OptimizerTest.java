package dev.llmx.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The update rules against steps worked out by hand, and the schedule's shape. */
class OptimizerTest {
    private static Parameter matrix(float w, float g) {
        Parameter p = new Parameter("blk.0.attn_q.weight", 1 + 1, 1);
        p.value[0] = w;
        p.grad[0] = g;
        return p;
    }

    @Test
    void sgdAndMomentumFollowTheirFormulas() {
        Parameter p = matrix(1f, 0.5f);
        Optimizer sgd = new Optimizer(new Optimizer.Settings(OptimizerKind.SGD, 0.9, 0.9, 0.999, 1e-8, 0.1), List.of(p));
        sgd.update(0.1);
        assertEquals(1 - 0.1 * (0.5 + 0.1 * 1), p.value[0], 1e-7); // L2 decay joins the gradient
        assertNull(sgd.firstMoment(0));

        Parameter q = matrix(1f, 0.5f);
        Optimizer mom = new Optimizer(new Optimizer.Settings(OptimizerKind.MOMENTUM, 0.9, 0.9, 0.999, 1e-8, 0),
                List.of(q));
        mom.update(0.1); // v = 0.5, w = 1 − 0.05
        mom.update(0.1); // v = 0.9·0.5 + 0.5 = 0.95, w = 0.95 − 0.095
        assertEquals(0.95 - 0.095, q.value[0], 1e-6);
        assertEquals(0.95, mom.firstMoment(0)[0], 1e-6);
    }

    @Test
    void adamTakesStepsOfAboutLrWhateverTheGradientScaleAndAdamwDecaysApart() {
        for (float g : new float[] {1e-4f, 1f, 1e4f}) {
            Parameter p = matrix(1f, g);
            Optimizer adam = new Optimizer(Optimizer.Settings.of(OptimizerKind.ADAM, 0), List.of(p));
            adam.update(0.01);
            // Bias-corrected m̂ = g, v̂ = g², so the first step is lr·g/(|g| + ε).
            assertEquals(1 - 0.01 * g / (Math.abs(g) + 1e-8), p.value[0], 1e-6);
            assertEquals(0.1 * g, adam.firstMoment(0)[0], 1e-6 * Math.abs(g));
            assertEquals(0.001 * g * g, adam.secondMoment(0)[0], 1e-6 * g * g);
        }
        Parameter w = matrix(2f, 0f);
        Optimizer adamw = new Optimizer(Optimizer.Settings.of(OptimizerKind.ADAMW, 0.5), List.of(w));
        adamw.update(0.1); // no gradient: only the decoupled decay, w −= lr·λ·w
        assertEquals(2 - 0.1 * 0.5 * 2, w.value[0], 1e-6);
        Parameter norm = new Parameter("output_norm.weight", 1, 1);
        norm.value[0] = 2f;
        new Optimizer(Optimizer.Settings.of(OptimizerKind.ADAMW, 0.5), List.of(norm)).update(0.1);
        assertEquals(2f, norm.value[0], "norm weights are not decayed");
    }

    @Test
    void warmUpThenCosineToTheMinimum() {
        Schedule s = new Schedule(1e-3, 1e-4, 10, 110);
        assertEquals(1e-4, s.at(0), 1e-12);
        assertEquals(1e-3, s.at(9), 1e-12);
        assertEquals(1e-3, s.at(10), 1e-12);
        assertEquals((1e-3 + 1e-4) / 2, s.at(10 + 99 / 2) , 2e-5);
        assertEquals(1e-4, s.at(109), 1e-12);
        for (int i = 11; i < 110; i++) {
            assertTrue(s.at(i) <= s.at(i - 1), "decays monotonically at " + i);
        }
    }

    @Test
    void toyPathsShowTheOptimizersCharacters() {
        // On the ravine, SGD at a rate near its stability limit zig-zags across; Adam reaches the bottom.
        double[][] sgd = ToyDescent.path(ToySurface.RAVINE, OptimizerKind.SGD, 0.18, 150);
        int signChanges = 0;
        for (int i = 1; i < 20; i++) {
            signChanges += Math.signum(sgd[i][1]) != Math.signum(sgd[i - 1][1]) ? 1 : 0;
        }
        assertTrue(signChanges >= 15, "SGD crosses the ravine at almost every step: " + signChanges);
        double[][] adam = ToyDescent.path(ToySurface.RAVINE, OptimizerKind.ADAM, 0.3, 150);
        assertTrue(adam[adam.length - 1][2] < 0.05, "Adam's final loss " + adam[adam.length - 1][2]);
        double[][] momentum = ToyDescent.path(ToySurface.ROSENBROCK, OptimizerKind.MOMENTUM, 5e-4, 2000);
        assertTrue(momentum[momentum.length - 1][2] < momentum[0][2] / 10);
    }
}
