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

    /**
     * Sixteen dot products: four rows of w (as in {@link #dot4}) with four vectors of x, the vectors {@code n} apart
     * from {@code xOffset}; {@code out[outOffset + 4·v + r]} is row r times vector v. The register tile of matrix ×
     * matrix: each value loaded is used four times. Each product must add as {@link #dot4} does (a batch's last one to
     * three vectors take it). By default four {@link #dot4} calls.
     */
    default void dot4x4(float[] w, int wOffset, int n, float[] x, int xOffset, float[] out, int outOffset) {
        for (int v = 0; v < 4; v++) {
            dot4(w, wOffset, n, x, xOffset + v * n, out, outOffset + 4 * v);
        }
    }

    /** x[i] = exp(x[i] − shift) for i < n; returns their sum (the softmax's numerators and denominator). */
    float expShifted(float[] x, int n, float shift);

    /**
     * {@code dst[dstOffset + i]} = x[xOffset + i] rounded as {@code rounding} says (llama.cpp's activation
     * quantization), for i < n. Implementations must give exactly {@link ActivationRounding#round}'s floats.
     */
    default void round(ActivationRounding rounding, float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        rounding.round(x, xOffset, dst, dstOffset, n);
    }

    /**
     * The Q8_K blocks of x[xOffset, xOffset + n) into {@code into}, whose arrays hold n values
     * ({@link Q8KActivations#quantizeReference}, which implementations must equal bit for bit).
     */
    default void quantizeQ8K(float[] x, int xOffset, int n, Q8KActivations into) {
        into.quantizeReference(x, xOffset, n);
    }

    /**
     * The Q8_0 blocks of x[xOffset, xOffset + n) into {@code into}, whose arrays hold n values
     * ({@link Q80Activations#quantizeReference}, which implementations must equal bit for bit).
     */
    default void quantizeQ80(float[] x, int xOffset, int n, Q80Activations into) {
        into.quantizeReference(x, xOffset, n);
    }

    /** y[yOffset + i] += a·x[xOffset + i] for i < n. */
    void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n);

    /**
     * SwiGLU's gated unit, {@code out[offset + i] = silu(gate[offset + i])·up[offset + i]} for i < n ({@link #silu}
     * per value; {@code out} may be {@code gate}). Implementations may compute the exponential another way, in
     * double: one that differs from {@code Math.exp} in the double's last bit changes the float only where the double
     * lies at a float rounding boundary, by one ulp (no value of 196,608 tried, on the vector kernels).
     */
    default void siluTimes(float[] gate, float[] up, float[] out, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            out[i] = silu(gate[i]) * up[i];
        }
    }

    /** SiLU, {@code x·σ(x) = x / (1 + e^−x)}, in double and rounded once to float. */
    static float silu(float x) {
        return (float) (x / (1.0 + Math.exp(-x)));
    }
}
