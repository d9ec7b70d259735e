package dev.llmx.tensor.kernel;

/** {@link FloatOps} in plain Java loops: the baseline, and what runs when the Vector API is absent. */
final class ScalarFloatOps implements FloatOps {
    static final ScalarFloatOps INSTANCE = new ScalarFloatOps();

    private ScalarFloatOps() {
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        // Four partial sums: independent additions the CPU can overlap (and a rounding closer to pairwise).
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dot4(float[] w, int wOffset, int n, float[] x, int xOffset, float[] out, int outOffset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int w0 = wOffset;
        int w1 = wOffset + n;
        int w2 = wOffset + 2 * n;
        int w3 = wOffset + 3 * n;
        for (int i = 0; i < n; i++) {
            float xi = x[xOffset + i];
            s0 += w[w0 + i] * xi;
            s1 += w[w1 + i] * xi;
            s2 += w[w2 + i] * xi;
            s3 += w[w3 + i] * xi;
        }
        out[outOffset] = s0;
        out[outOffset + 1] = s1;
        out[outOffset + 2] = s2;
        out[outOffset + 3] = s3;
    }

    @Override
    public float expShifted(float[] x, int n, float shift) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[i] - shift);
            x[i] = e;
            sum += e;
        }
        return (float) sum;
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] += a * x[xOffset + i];
        }
    }
}
