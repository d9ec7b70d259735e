package dev.llmx.train;

import java.util.List;

/**
 * One optimizer over a model's parameters, with its state per weight (momentum's velocity, Adam's first and second
 * moments m and v). Weight decay applies to matrices only: decaying norm weights towards 0 would fight their role as
 * scales (the usual practice, as in GPT-2 and nanoGPT).
 */
public final class Optimizer {
    /**
     * @param momentum    μ of {@link OptimizerKind#MOMENTUM}
     * @param beta1       Adam's decay of the first moment
     * @param beta2       Adam's decay of the second moment
     * @param epsilon     Adam's denominator guard
     * @param weightDecay λ: L2 added to the gradient (sgd, momentum, adam) or decoupled (adamw)
     */
    public record Settings(OptimizerKind kind, double momentum, double beta1, double beta2, double epsilon,
                           double weightDecay) {
        public static Settings of(OptimizerKind kind, double weightDecay) {
            return new Settings(kind, 0.9, 0.9, 0.999, 1e-8, weightDecay);
        }
    }

    private final Settings settings;
    private final List<Parameter> params;
    private final float[][] m;
    private final float[][] v;
    private int step;

    public Optimizer(Settings settings, List<Parameter> params) {
        this.settings = settings;
        this.params = List.copyOf(params);
        boolean first = settings.kind() != OptimizerKind.SGD;
        boolean second = settings.kind() == OptimizerKind.ADAM || settings.kind() == OptimizerKind.ADAMW;
        m = new float[this.params.size()][];
        v = new float[this.params.size()][];
        for (int i = 0; i < this.params.size(); i++) {
            m[i] = first ? new float[this.params.get(i).size()] : null;
            v[i] = second ? new float[this.params.get(i).size()] : null;
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Bytes of optimizer state (0, 1 or 2 floats per weight). */
    public long stateBytes() {
        long n = 0;
        for (int i = 0; i < params.size(); i++) {
            n += (m[i] != null ? 4L * m[i].length : 0) + (v[i] != null ? 4L * v[i].length : 0);
        }
        return n;
    }

    /** The first-moment (or velocity) state of parameter {@code index}, null for plain SGD. */
    public float[] firstMoment(int index) {
        return m[index];
    }

    /** The second-moment state of parameter {@code index}, null unless Adam. */
    public float[] secondMoment(int index) {
        return v[index];
    }

    /** Updates taken so far. */
    public int steps() {
        return step;
    }

    /**
     * Takes one step with learning rate {@code lr} from the gradients now in the parameters, and returns per parameter
     * the squared norm of the change it made (for the update-to-weight ratio).
     */
    public double[] update(double lr) {
        step++;
        double[] changed = new double[params.size()];
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double c1 = 1 - Math.pow(b1, step);
        double c2 = 1 - Math.pow(b2, step);
        for (int pi = 0; pi < params.size(); pi++) {
            Parameter p = params.get(pi);
            double wd = p.isVector() ? 0 : settings.weightDecay();
            float[] w = p.value;
            float[] g = p.grad;
            float[] mi = m[pi];
            float[] vi = v[pi];
            double sq = 0;
            for (int i = 0; i < w.length; i++) {
                double grad = g[i];
                double delta;
                switch (settings.kind()) {
                    case SGD -> delta = -lr * (grad + wd * w[i]);
                    case MOMENTUM -> {
                        mi[i] = (float) (settings.momentum() * mi[i] + grad + wd * w[i]);
                        delta = -lr * mi[i];
                    }
                    default -> {
                        double gg = settings.kind() == OptimizerKind.ADAM ? grad + wd * w[i] : grad;
                        mi[i] = (float) (b1 * mi[i] + (1 - b1) * gg);
                        vi[i] = (float) (b2 * vi[i] + (1 - b2) * gg * gg);
                        delta = -lr * (mi[i] / c1) / (Math.sqrt(vi[i] / c2) + settings.epsilon());
                        if (settings.kind() == OptimizerKind.ADAMW) {
                            delta -= lr * wd * w[i];
                        }
                    }
                }
                float before = w[i];
                w[i] = (float) (before + delta);
                double d = w[i] - before;
                sq += d * d;
            }
            changed[pi] = sq;
        }
        return changed;
    }
}
