package dev.llmx.tensor.vector;

import dev.llmx.tensor.kernel.ActivationRounding;
import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.Q80Activations;
import dev.llmx.tensor.kernel.Q8KActivations;
import dev.llmx.quant.FloatEncoding;
import dev.llmx.tensor.HalfFloat;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

import static dev.llmx.tensor.vector.Lanes.D;
import static dev.llmx.tensor.vector.Lanes.F;
import static dev.llmx.tensor.vector.Lanes.F_HALF;
import static dev.llmx.tensor.vector.Lanes.FLOATS;
import static dev.llmx.tensor.vector.Lanes.S;

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
    public void dot4x4(float[] w, int wOffset, int n, float[] x, int xOffset, float[] out, int outOffset) {
        // Sixteen accumulators, four weight vectors and one x vector: 21 of the 32 registers AVX-512 has. AVX2 has 16,
        // so some spill there, and it is still faster than the four-by-three tile it replaced (-XX:UseAVX=2 on this
        // Zen 4: 170 → 179 tokens/s of SmolLM-shaped prefill).
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F);
        FloatVector a02 = FloatVector.zero(F);
        FloatVector a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F);
        FloatVector a11 = FloatVector.zero(F);
        FloatVector a12 = FloatVector.zero(F);
        FloatVector a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F);
        FloatVector a21 = FloatVector.zero(F);
        FloatVector a22 = FloatVector.zero(F);
        FloatVector a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F);
        FloatVector a31 = FloatVector.zero(F);
        FloatVector a32 = FloatVector.zero(F);
        FloatVector a33 = FloatVector.zero(F);
        int w1 = wOffset + n;
        int w2 = wOffset + 2 * n;
        int w3 = wOffset + 3 * n;
        int x1 = xOffset + n;
        int x2 = xOffset + 2 * n;
        int x3 = xOffset + 3 * n;
        int i = 0;
        for (; i + FLOATS <= n; i += FLOATS) {
            FloatVector r0 = FloatVector.fromArray(F, w, wOffset + i);
            FloatVector r1 = FloatVector.fromArray(F, w, w1 + i);
            FloatVector r2 = FloatVector.fromArray(F, w, w2 + i);
            FloatVector r3 = FloatVector.fromArray(F, w, w3 + i);
            FloatVector v = FloatVector.fromArray(F, x, xOffset + i);
            a00 = r0.fma(v, a00);
            a01 = r1.fma(v, a01);
            a02 = r2.fma(v, a02);
            a03 = r3.fma(v, a03);
            v = FloatVector.fromArray(F, x, x1 + i);
            a10 = r0.fma(v, a10);
            a11 = r1.fma(v, a11);
            a12 = r2.fma(v, a12);
            a13 = r3.fma(v, a13);
            v = FloatVector.fromArray(F, x, x2 + i);
            a20 = r0.fma(v, a20);
            a21 = r1.fma(v, a21);
            a22 = r2.fma(v, a22);
            a23 = r3.fma(v, a23);
            v = FloatVector.fromArray(F, x, x3 + i);
            a30 = r0.fma(v, a30);
            a31 = r1.fma(v, a31);
            a32 = r2.fma(v, a32);
            a33 = r3.fma(v, a33);
        }
        float[] s = {a00.reduceLanes(VectorOperators.ADD), a01.reduceLanes(VectorOperators.ADD),
            a02.reduceLanes(VectorOperators.ADD), a03.reduceLanes(VectorOperators.ADD),
            a10.reduceLanes(VectorOperators.ADD), a11.reduceLanes(VectorOperators.ADD),
            a12.reduceLanes(VectorOperators.ADD), a13.reduceLanes(VectorOperators.ADD),
            a20.reduceLanes(VectorOperators.ADD), a21.reduceLanes(VectorOperators.ADD),
            a22.reduceLanes(VectorOperators.ADD), a23.reduceLanes(VectorOperators.ADD),
            a30.reduceLanes(VectorOperators.ADD), a31.reduceLanes(VectorOperators.ADD),
            a32.reduceLanes(VectorOperators.ADD), a33.reduceLanes(VectorOperators.ADD)};
        for (; i < n; i++) {
            for (int v = 0; v < 4; v++) {
                float xi = x[xOffset + v * n + i];
                s[4 * v] += w[wOffset + i] * xi;
                s[4 * v + 1] += w[w1 + i] * xi;
                s[4 * v + 2] += w[w2 + i] * xi;
                s[4 * v + 3] += w[w3 + i] * xi;
            }
        }
        System.arraycopy(s, 0, out, outOffset, 16);
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

    /**
     * {@link FloatOps#silu} on double lanes, the same operations in the same order: widen, exponential of the
     * negation, add one, divide, round to float, times up. The vector exponential (SVML's on x64) is not
     * {@code Math.exp} and may differ from it in the double's last bit, which the rounding to float hides (no float
     * differed in 196,608 gate values of a SmolLM-shaped prefill, JDK 25). Six times faster than the scalar loop
     * there (1.0 against 6.1 ns a value), which is a tenth of a SmolLM prefill and 3 % of its decode.
     */
    @Override
    public void siluTimes(float[] gate, float[] up, float[] out, int offset, int n) {
        int step = D.length();
        int i = offset;
        int end = offset + n;
        for (; i + step <= end; i += step) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(F_HALF, gate, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector silu = x.div(x.neg().lanewise(VectorOperators.EXP).add(1.0));
            ((FloatVector) silu.convertShape(VectorOperators.D2F, F_HALF, 0)).mul(FloatVector.fromArray(F_HALF, up, i))
                    .intoArray(out, i);
        }
        for (; i < end; i++) {
            out[i] = FloatOps.silu(gate[i]) * up[i];
        }
    }

    /**
     * Q8_0 and Q8_K blocks on vectors (F16/BF16 and lane counts that do not divide 32 take the scalar reference).
     * Rounding to nearest, ties to even, is the add-and-subtract of 1.5·2²³ that ggml's {@code nearest_int} uses:
     * exact for the |v| ≤ 127 (plus the one rounding) that a block's codes can reach.
     */
    @Override
    public void round(ActivationRounding rounding, float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        if (32 % FLOATS != 0 || (rounding != ActivationRounding.Q8_0 && rounding != ActivationRounding.Q8_K)) {
            rounding.round(x, xOffset, dst, dstOffset, n);
            return;
        }
        if (rounding == ActivationRounding.Q8_K) {
            for (int b = 0; b < n; b += 256) {
                FloatVector d = FloatVector.broadcast(F, q8kCodes(x, xOffset + b, dst, dstOffset + b));
                for (int i = 0; i < 256; i += FLOATS) {
                    FloatVector.fromArray(F, dst, dstOffset + b + i).mul(d).intoArray(dst, dstOffset + b + i);
                }
            }
            return;
        }
        for (int b = 0; b < n; b += 32) {
            int xo = xOffset + b;
            int o = dstOffset + b;
            float amax = largestMagnitude(x, xo, 32);
            float d = ActivationRounding.q80Scale(amax);
            float scale = amax != 0 ? 127f / amax : 0f;
            if (amax != amax || d == 0 || Float.isInfinite(scale)) {
                // a NaN in the block (NaN, as the reference), or too small for an F16 scale (zeros)
                java.util.Arrays.fill(dst, o, o + 32, amax != amax ? Float.NaN : 0f);
                continue;
            }
            for (int i = 0; i < 32; i += FLOATS) {
                FloatVector.fromArray(F, x, xo + i).mul(scale).add(ROUND_MAGIC).sub(ROUND_MAGIC).mul(d)
                        .intoArray(dst, o + i);
            }
        }
    }

    /**
     * Q8_K blocks on vectors, as {@link Q8KActivations}'s reference: the float codes, then the same codes as shorts
     * and their sums over each 32 values from the vectors just made.
     */
    @Override
    public void quantizeQ8K(float[] x, int xOffset, int n, Q8KActivations into) {
        if (32 % FLOATS != 0) {
            FloatOps.super.quantizeQ8K(x, xOffset, n, into);
            return;
        }
        float[] codes = into.codes();
        float[] scales = into.scales();
        short[] shortCodes = into.shortCodes();
        int[] sums = into.sums32();
        for (int b = 0; b < n / 256; b++) {
            scales[b] = q8kCodes(x, xOffset + b * 256, codes, b * 256);
            boolean nan = scales[b] != scales[b];
            for (int s = b * 8; s < b * 8 + 8; s++) {
                FloatVector sum = FloatVector.zero(F);
                for (int i = s * 32; i < s * 32 + 32; i += FLOATS) {
                    FloatVector c = nan ? FloatVector.zero(F) : FloatVector.fromArray(F, codes, i);
                    sum = sum.add(c);
                    ((ShortVector) c.convertShape(VectorOperators.F2S, S, 0)).intoArray(shortCodes, i);
                }
                sums[s] = (int) sum.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    /** Q8_0 blocks on vectors, as {@link Q80Activations}'s reference (codes rounded as {@link #round} rounds them). */
    @Override
    public void quantizeQ80(float[] x, int xOffset, int n, Q80Activations into) {
        if (32 % FLOATS != 0) {
            FloatOps.super.quantizeQ80(x, xOffset, n, into);
            return;
        }
        short[] codes = into.codes();
        float[] scales = into.scales();
        float[] sums = into.sums();
        for (int b = 0; b < n; b += 32) {
            int xo = xOffset + b;
            float amax = largestMagnitude(x, xo, 32);
            float d = ActivationRounding.q80Scale(amax);
            float scale = amax != 0 ? 127f / amax : 0f;
            FloatVector sum = FloatVector.zero(F);
            if (Float.isInfinite(scale)) {
                // too small for a finite inverse scale: zeros
                java.util.Arrays.fill(codes, b, b + 32, (short) 0);
            } else {
                // a NaN (or an infinite value) makes NaN codes here, 0 as shorts, and a NaN sum, as the reference
                for (int i = 0; i < 32; i += FLOATS) {
                    FloatVector c = FloatVector.fromArray(F, x, xo + i).mul(scale).add(ROUND_MAGIC).sub(ROUND_MAGIC);
                    sum = sum.add(c);
                    ((ShortVector) c.convertShape(VectorOperators.F2S, S, 0)).intoArray(codes, b + i);
                }
            }
            scales[b / 32] = d;
            sums[b / 32] = HalfFloat.f16ToFloat(FloatEncoding.f16Bits(amax / 127f * sum.reduceLanes(VectorOperators.ADD)));
        }
    }

    /**
     * One Q8_K block's codes into {@code codes[o…]}; returns its scale: NaN codes and scale for a block with a NaN,
     * zeros for an all-zero block or one too small for a finite inverse scale.
     */
    private static float q8kCodes(float[] x, int xo, float[] codes, int o) {
        float amax = largestMagnitude(x, xo, 256);
        if (amax != amax) {
            java.util.Arrays.fill(codes, o, o + 256, Float.NaN);
            return Float.NaN;
        }
        float scale = amax == 0 ? 0f : -127f / signedMax(x, xo, amax);
        if (amax == 0 || Float.isInfinite(scale)) {
            java.util.Arrays.fill(codes, o, o + 256, 0f);
            return 0f;
        }
        if (amax == Float.POSITIVE_INFINITY) {
            // The reference's codes are then (int) of NaN or of ±0: all 0 (vectors would give NaN), scale ∓∞.
            java.util.Arrays.fill(codes, o, o + 256, 0f);
            return 1 / scale;
        }
        for (int i = 0; i < 256; i += FLOATS) {
            FloatVector.fromArray(F, x, xo + i).mul(scale).add(ROUND_MAGIC).sub(ROUND_MAGIC).min(127f)
                    .intoArray(codes, o + i);
        }
        return 1 / scale;
    }

    /** max |x[xo + i]| over a block of {@code n} values (a multiple of the lane count); NaN if one is NaN. */
    private static float largestMagnitude(float[] x, int xo, int n) {
        FloatVector max = FloatVector.zero(F);
        for (int i = 0; i < n; i += FLOATS) {
            max = max.max(FloatVector.fromArray(F, x, xo + i).abs());
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** The first value of a 256-value block whose magnitude is {@code amax}, with its sign (ggml keeps that one). */
    private static float signedMax(float[] x, int xo, float amax) {
        for (int i = 0; i < 256; i++) {
            if (Math.abs(x[xo + i]) == amax) {
                return x[xo + i];
            }
        }
        return amax;
    }

    /** 1.5 · 2²³: adding and subtracting it rounds a float of magnitude below 2²² to an integer, ties to even. */
    private static final float ROUND_MAGIC = 12582912f;

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
