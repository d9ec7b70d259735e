package dev.llmx.train;

import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.ArrayList;
import java.util.List;

/**
 * One training step taken apart: the forward pass's loss at each position, the backward pass's gradient norm of
 * each tensor in the order the pass finishes them (from the output back to the embeddings), and for a few weights
 * (in each chosen tensor the one with the largest gradient) the value, gradient, optimizer state and update.
 */
public final class StepExplainer {
    /** A tensor's gradient as the backward pass finished it. */
    public record GradientRecord(int order, String tensor, double gradNorm) {
    }

    /** One weight through the update. {@code m}/{@code v} are NaN where the optimizer keeps no such state. */
    public record WeightRecord(String tensor, int row, int column, double value, double gradient, double m,
                               double v, double update, double newValue) {
    }

    public record Explained(double loss, float[] positionLosses, List<GradientRecord> gradients,
                            List<WeightRecord> weights, double lr) {
    }

    private StepExplainer() {
    }

    public static Explained explain(Parameters p, Batch batch, Optimizer.Settings settings, double lr,
                                    WorkerPool pool, FloatOps floats) {
        LlamaNetwork net = new LlamaNetwork(p, pool, floats);
        p.zeroGradients();
        double loss = net.forward(batch);
        float[] positions = net.positionLosses();
        List<GradientRecord> gradients = new ArrayList<>();
        net.backward(t -> gradients.add(new GradientRecord(gradients.size() + 1, t.name(),
                Math.sqrt(Parameter.squaredNorm(t.gradient())))));
        List<Parameter> chosen = new ArrayList<>();
        chosen.add(p.embeddings());
        chosen.add(p.layer(0).q());
        chosen.add(p.layer(p.shape().layers() - 1).down());
        chosen.add(p.outputNorm());
        if (!p.shape().tied()) {
            chosen.add(p.output());
        }
        int[] index = new int[chosen.size()];
        float[] before = new float[chosen.size()];
        float[] grads = new float[chosen.size()];
        for (int c = 0; c < chosen.size(); c++) {
            float[] g = chosen.get(c).gradient();
            int best = 0;
            for (int i = 1; i < g.length; i++) {
                if (Math.abs(g[i]) > Math.abs(g[best])) {
                    best = i;
                }
            }
            index[c] = best;
            before[c] = chosen.get(c).values()[best];
            grads[c] = g[best];
        }
        Optimizer optimizer = new Optimizer(settings, p.all());
        optimizer.update(lr);
        List<WeightRecord> weights = new ArrayList<>();
        for (int c = 0; c < chosen.size(); c++) {
            Parameter t = chosen.get(c);
            int pi = p.all().indexOf(t);
            float[] m = optimizer.firstMoment(pi);
            float[] v = optimizer.secondMoment(pi);
            float after = t.values()[index[c]];
            weights.add(new WeightRecord(t.name(), index[c] / t.columns(), index[c] % t.columns(), before[c],
                    grads[c], m != null ? m[index[c]] : Double.NaN, v != null ? v[index[c]] : Double.NaN,
                    after - before[c], after));
        }
        return new Explained(loss, positions, gradients, weights, lr);
    }
}
