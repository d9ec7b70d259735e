package dev.llmx.train;

import java.util.List;

/**
 * An optimizer's path on a {@link ToySurface}: the same {@link Optimizer} that trains models, here on a parameter of
 * two values, from the surface's start.
 */
public final class ToyDescent {
    private ToyDescent() {
    }

    /** The points visited: {@code steps + 1} rows of (x, y, loss), the start first; stops early if it diverges. */
    public static double[][] path(ToySurface surface, OptimizerKind kind, double lr, int steps) {
        Parameter xy = new Parameter("xy", 1, 2);
        double[] start = surface.start();
        xy.value[0] = (float) start[0];
        xy.value[1] = (float) start[1];
        Optimizer opt = new Optimizer(Optimizer.Settings.of(kind, 0), List.of(xy));
        double[][] out = new double[steps + 1][];
        double[] g = new double[2];
        out[0] = new double[] {xy.value[0], xy.value[1], surface.loss(xy.value[0], xy.value[1])};
        int i = 1;
        for (; i <= steps; i++) {
            surface.gradient(xy.value[0], xy.value[1], g);
            xy.grad[0] = (float) g[0];
            xy.grad[1] = (float) g[1];
            opt.update(lr);
            double loss = surface.loss(xy.value[0], xy.value[1]);
            out[i] = new double[] {xy.value[0], xy.value[1], loss};
            if (!Double.isFinite(loss) || Math.abs(xy.value[0]) > 1e6 || Math.abs(xy.value[1]) > 1e6) {
                i++;
                break;
            }
        }
        return java.util.Arrays.copyOf(out, i);
    }
}
