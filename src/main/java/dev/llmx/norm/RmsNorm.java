package dev.llmx.norm;

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
        for (int r = 0; r < rows; r++) {
            apply(x, r * n, weight, eps, y, r * n, n);
        }
    }
}
