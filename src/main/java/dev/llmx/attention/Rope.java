package dev.llmx.attention;

import dev.llmx.model.RopeLayout;

import java.util.Arrays;

/**
 * Rotary position embedding: the first {@code dims} values of each head are taken in pairs, and the pair i of a
 * token at position p is rotated by the angle {@code p · scale · base^(−2i/dims) / factor_i}. Which values pair up
 * is the layout the weights were written for ({@link RopeLayout}): adjacent values (2i, 2i+1) in llama.cpp's
 * GGUF llama-family files, values i and i + dims/2 ("rotate half") in Hugging Face files and llama.cpp's NEOX
 * architectures.
 *
 * <p>The cosines and sines of each position are computed once and kept (for all layers and heads), in a table that
 * grows with the positions actually used, not with the context length.
 */
public final class Rope {
    private final int dims;
    private final RopeLayout layout;
    /** Angle per position of each pair: scale · base^(−2i/dims) / factor_i. */
    private final double[] frequencies;
    /** What the cosines and sines are multiplied by (YaRN's attention factor; 1 otherwise). */
    private final float magnitude;
    private float[] cos = new float[0];
    private float[] sin = new float[0];
    private int positionsInTable;

    /**
     * @param dims          rotated values per head (n_rot), even
     * @param base          the frequency base (theta)
     * @param positionScale linear position scaling (1 / the linear scaling factor; 1 when not scaled)
     * @param factors       per-pair frequency divisors (Llama 3 scaling), or null
     */
    public Rope(int dims, double base, double positionScale, float[] factors, RopeLayout layout) {
        this(dims, frequencies(dims, base, positionScale, factors), 1f, layout);
    }

    /**
     * @param frequencies the angle per position of each of the {@code dims / 2} pairs (see
     *                    {@code dev.llmx.model.LayerRope}, which derives them for each scaling)
     * @param magnitude   multiplies every cosine and sine (YaRN scales q and k this way; 1 otherwise)
     */
    public Rope(int dims, double[] frequencies, float magnitude, RopeLayout layout) {
        if (dims <= 0 || dims % 2 != 0) {
            throw new IllegalArgumentException("RoPE dimensions must be even and positive, not " + dims);
        }
        if (layout != RopeLayout.INTERLEAVED && layout != RopeLayout.HALVES) {
            throw new IllegalArgumentException("no RoPE pairs for layout " + layout);
        }
        if (frequencies.length != dims / 2) {
            throw new IllegalArgumentException("RoPE frequencies: " + frequencies.length + " for " + dims / 2 + " pairs");
        }
        this.dims = dims;
        this.layout = layout;
        this.frequencies = frequencies.clone();
        this.magnitude = magnitude;
    }

    private static double[] frequencies(int dims, double base, double positionScale, float[] factors) {
        if (factors != null && factors.length != dims / 2) {
            throw new IllegalArgumentException("RoPE factors: " + factors.length + " for " + dims / 2 + " pairs");
        }
        double[] f = new double[Math.max(0, dims / 2)];
        for (int i = 0; i < f.length; i++) {
            double x = positionScale * Math.pow(base, -2.0 * i / dims);
            f[i] = factors == null ? x : x / factors[i];
        }
        return f;
    }

    public int dims() {
        return dims;
    }

    public RopeLayout layout() {
        return layout;
    }

    /** Rotates {@code heads} heads of {@code headDim} values at {@code x[offset…]}, all at {@code position}. */
    public void rotate(float[] x, int offset, int heads, int headDim, int position) {
        turn(x, offset, heads, headDim, position, 1f);
    }

    /**
     * Undoes {@link #rotate} at {@code position}: each pair is turned back by the same angle (the transpose of the
     * rotation). Used by what-if views that compare attention with and without position information.
     */
    public void unrotate(float[] x, int offset, int heads, int headDim, int position) {
        turn(x, offset, heads, headDim, position, -1f);
    }

    /** Turns each pair by the position's angle, forwards ({@code direction} 1) or back (−1: sin changes sign). */
    private void turn(float[] x, int offset, int heads, int headDim, int position, float direction) {
        ensurePositions(position + 1);
        int half = dims / 2;
        int table = position * half;
        float[] cos = this.cos;
        float[] sin = this.sin;
        // The table holds magnitude·cos and magnitude·sin; undoing divides the magnitude out again.
        float undo = direction < 0 ? 1f / (magnitude * magnitude) : 1f;
        for (int h = 0; h < heads; h++) {
            int head = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                int a = layout == RopeLayout.INTERLEAVED ? head + 2 * i : head + i;
                int b = layout == RopeLayout.INTERLEAVED ? a + 1 : a + half;
                float c = cos[table + i] * undo;
                float s = direction * sin[table + i] * undo;
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * c - x1 * s;
                x[b] = x0 * s + x1 * c;
            }
        }
    }

    private synchronized void ensurePositions(int positions) {
        if (positions <= positionsInTable) {
            return;
        }
        int grown = Math.max(positions, Math.min(Integer.MAX_VALUE / dims, Math.max(64, positionsInTable * 2)));
        int half = dims / 2;
        float[] newCos = Arrays.copyOf(cos, grown * half);
        float[] newSin = Arrays.copyOf(sin, grown * half);
        for (int p = positionsInTable; p < grown; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * frequencies[i];
                newCos[p * half + i] = (float) Math.cos(angle) * magnitude;
                newSin[p * half + i] = (float) Math.sin(angle) * magnitude;
            }
        }
        cos = newCos;
        sin = newSin;
        positionsInTable = grown;
    }
}
