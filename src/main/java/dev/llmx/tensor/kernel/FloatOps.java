package dev.llmx.tensor.kernel;

/** The float-array arithmetic the engine spends its time in, besides the weight rows: dot products and a · x + y. */
public interface FloatOps {
    /** Σ a[aOffset + i]·b[bOffset + i] for i < n. */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int n);

    /**
     * Four dot products with one vector: {@code out[outOffset + r] = Σ w[wOffset + r·n + i]·x[xOffset + i]} for
     * r < 4. The tile of matrix × matrix: each value of x is loaded once for four rows.
     */
    void dot4(float[] w, int wOffset, int n, float[] x, int xOffset, float[] out, int outOffset);

    /** x[i] = exp(x[i] − shift) for i < n; returns their sum (the softmax's numerators and denominator). */
    float expShifted(float[] x, int n, float shift);

    /** y[yOffset + i] += a·x[xOffset + i] for i < n. */
    void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n);
}
