package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.FloatOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.FLOATS;

/** {@link FloatOps} on float vectors, with a scalar tail for lengths that are not a multiple of the lane count. */
final class VectorFloatOps implements FloatOps {
    static final VectorFloatOps INSTANCE = new VectorFloatOps();

    private VectorFloatOps() {
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        // Two accumulators: consecutive fused multiply-adds do not wait for each other.
        for (; i + 2 * FLOATS <= n; i += 2 * FLOATS) {
            acc0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOffset + i + FLOATS)
                    .fma(FloatVector.fromArray(F, b, bOffset + i + FLOATS), acc1);
        }
        for (; i + FLOATS <= n; i += FLOATS) {
            acc0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    @Override
    public void dot4(float[] w, int wOffset, int n, float[] x, int xOffset, float[] out, int outOffset) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int w1 = wOffset + n;
        int w2 = wOffset + 2 * n;
        int w3 = wOffset + 3 * n;
        int i = 0;
        for (; i + FLOATS <= n; i += FLOATS) {
            FloatVector xv = FloatVector.fromArray(F, x, xOffset + i);
            acc0 = FloatVector.fromArray(F, w, wOffset + i).fma(xv, acc0);
            acc1 = FloatVector.fromArray(F, w, w1 + i).fma(xv, acc1);
            acc2 = FloatVector.fromArray(F, w, w2 + i).fma(xv, acc2);
            acc3 = FloatVector.fromArray(F, w, w3 + i).fma(xv, acc3);
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD);
        float s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD);
        float s3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float xi = x[xOffset + i];
            s0 += w[wOffset + i] * xi;
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
        FloatVector sum = FloatVector.zero(F);
        int i = 0;
        for (; i + FLOATS <= n; i += FLOATS) {
            FloatVector e = FloatVector.fromArray(F, x, i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(x, i);
            sum = sum.add(e);
        }
        double total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[i] - shift);
            x[i] = e;
            total += e;
        }
        return (float) total;
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n) {
        FloatVector av = FloatVector.broadcast(F, a);
        int i = 0;
        for (; i + FLOATS <= n; i += FLOATS) {
            FloatVector.fromArray(F, x, xOffset + i).fma(av, FloatVector.fromArray(F, y, yOffset + i))
                    .intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += a * x[xOffset + i];
        }
    }
}
