package dev.llmx.norm;

import dev.llmx.tensor.kernel.WorkerPool;

/**
 * RMSNorm: {@code y = x / √(mean(x²) + ε) · w}. The mean of squares is summed in double (as ggml does), the scale
 * applied first and the weight second, in ggml's order of roundings.
 */
public final class RmsNorm {
    private RmsNorm() {
    }

    /** Normalizes {@code x[xOffset…xOffset+n)} into {@code y[yOffset…]} (which may be the same place). */
    public static void apply(float[] x, int xOffset, float[] weight, double eps, float[] y, int yOffset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOffset + i];
            sum += (double) v * v;
        }
        float mean = (float) (sum / n);
        float scale = 1.0f / (float) Math.sqrt(mean + (float) eps);
        for (int i = 0; i < n; i++) {
            y[yOffset + i] = (x[xOffset + i] * scale) * weight[i];
        }
    }

    /** Each of {@code rows} consecutive rows of width {@code n}. */
    public static void applyRows(float[] x, float[] weight, double eps, float[] y, int rows, int n) {
        applyRows(x, weight, eps, y, 0, rows, n);
    }

    /**
     * As {@link #applyRows(float[], float[], double, float[], int, int)}, the rows split over the pool's threads
     * (each row is normalized whole by one thread, so the values do not change).
     */
    public static void applyRows(float[] x, float[] weight, double eps, float[] y, int rows, int n, WorkerPool pool) {
        pool.forRanges(rows, n, (from, to) -> applyRows(x, weight, eps, y, from, to, n));
    }

    private static void applyRows(float[] x, float[] weight, double eps, float[] y, int from, int to, int n) {
        for (int r = from; r < to; r++) {
            apply(x, r * n, weight, eps, y, r * n, n);
        }
    }
}
