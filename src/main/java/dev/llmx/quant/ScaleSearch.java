package dev.llmx.quant;

/**
 * The scale searches behind the k-quants, after ggml's {@code make_qx_quants}, {@code make_q3_quants} and
 * {@code make_qkx2_quants}: given a group of values, find the scale (and for the asymmetric types the minimum) whose
 * small integer codes reproduce the group best, trying a few scales around the obvious max/nmax one.
 *
 * <p>Every float operation is written in ggml's order and precision (float, left to right, no fused multiply-add),
 * because the search compares errors that differ in the last bits: a different order picks a different scale and
 * changes the bytes.
 */
final class ScaleSearch {
    /** Groups whose largest magnitude is below this are all zero ({@code GROUP_MAX_EPS}). */
    static final float GROUP_MAX_EPS = 1e-15f;

    /** 1.5 × 2^23: adding it leaves the rounded integer in the low mantissa bits. */
    private static final float ROUNDING_MAGIC = 12582912f;

    private ScaleSearch() {
    }

    /** Round to nearest, ties to even, as ggml's {@code nearest_int} does through the float adder. */
    static int nearestInt(float value) {
        int bits = Float.floatToRawIntBits(value + ROUNDING_MAGIC);
        return (bits & 0x007F_FFFF) - 0x0040_0000;
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** The value of largest magnitude, with its sign (the first of equals), or 0 for an all-zero group. */
    private static float largestMagnitude(int n, float[] x, int xo) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xo + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xo + i];
            }
        }
        return max;
    }

    /**
     * Symmetric codes in [-nmax, nmax) weighted by x² ({@code make_qx_quants} with rmse_type 1 and no importance
     * weights): writes {@code codes[codeOffset + i] = l + nmax} and returns the scale.
     */
    static float symmetricWeighted(int n, int nmax, float[] x, int xo, byte[] codes, int codeOffset) {
        float max = largestMagnitude(n, x, xo);
        if (Math.abs(max) < GROUP_MAX_EPS) {
            java.util.Arrays.fill(codes, codeOffset, codeOffset + n, (byte) 0);
            return 0f;
        }
        float iscale = -nmax / max;
        float sumlx = 0;
        float suml2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            int l = clamp(nearestInt(iscale * v), -nmax, nmax - 1);
            codes[codeOffset + i] = (byte) (l + nmax);
            float w = v * v;
            sumlx += w * v * l;
            suml2 += w * l * l;
        }
        float scale = suml2 != 0 ? sumlx / suml2 : 0.0f;
        float best = scale * sumlx;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumlx = 0;
            suml2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xo + i];
                int l = clamp(nearestInt(iscale * v), -nmax, nmax - 1);
                float w = v * v;
                sumlx += w * v * l;
                suml2 += w * l * l;
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2) {
                for (int i = 0; i < n; i++) {
                    int l = nearestInt(iscale * x[xo + i]);
                    codes[codeOffset + i] = (byte) (nmax + clamp(l, -nmax, nmax - 1));
                }
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    /**
     * Q3_K's symmetric search ({@code make_q3_quants} with do_rmse): start from max/nmax, then move single codes
     * while that lowers the x²-weighted error, for up to five rounds. Writes {@code l + nmax}, returns the scale.
     */
    static float symmetricRefined(int n, int nmax, float[] x, int xo, byte[] codes, int codeOffset) {
        float max = largestMagnitude(n, x, xo);
        if (Math.abs(max) < GROUP_MAX_EPS) {
            java.util.Arrays.fill(codes, codeOffset, codeOffset + n, (byte) 0);
            return 0f;
        }
        float iscale = -nmax / max;
        int[] l = new int[n];
        float sumlx = 0;
        float suml2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            l[i] = clamp(nearestInt(iscale * v), -nmax, nmax - 1);
            float w = v * v;
            sumlx += w * v * l[i];
            suml2 += w * l[i] * l[i];
        }
        for (int round = 0; round < 5; round++) {
            int changed = 0;
            for (int i = 0; i < n; i++) {
                float v = x[xo + i];
                float w = v * v;
                float slx = sumlx - w * v * l[i];
                if (slx > 0) {
                    float sl2 = suml2 - w * l[i] * l[i];
                    int newL = clamp(nearestInt(v * sl2 / slx), -nmax, nmax - 1);
                    if (newL != l[i]) {
                        slx += w * v * newL;
                        sl2 += w * newL * newL;
                        if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                            l[i] = newL;
                            sumlx = slx;
                            suml2 = sl2;
                            changed++;
                        }
                    }
                }
            }
            if (changed == 0) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            codes[codeOffset + i] = (byte) (l[i] + nmax);
        }
        return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
    }

    /**
     * Asymmetric codes in [0, nmax] with a minimum ({@code make_qkx2_quants}): value ≈ scale·code − min. Tries
     * {@code nstep + 1} scales (max−min)/(nmax + rmin + rdelta·k) and refits scale and min by weighted least squares,
     * keeping the fit with the lowest weighted error (absolute when {@code useMad}, squared otherwise).
     *
     * @param codes   receives the codes at {@code codeOffset}
     * @param minOut  receives the minimum (positive: subtracted) at {@code minIndex}
     * @return the scale
     */
    static float asymmetric(int n, int nmax, float[] x, int xo, float[] weights, byte[] codes, int codeOffset,
                            float[] minOut, int minIndex, float rmin, float rdelta, int nstep, boolean useMad) {
        float min = x[xo];
        float max = x[xo];
        float sumW = weights[0];
        float sumX = sumW * x[xo];
        for (int i = 1; i < n; i++) {
            float v = x[xo + i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            float w = weights[i];
            sumW += w;
            sumX += w * v;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                codes[codeOffset + i] = 0;
            }
            minOut[minIndex] = -min;
            return 0.f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = clamp(nearestInt(iscale * (x[xo + i] - min)), 0, nmax);
            codes[codeOffset + i] = (byte) l;
            float diff = scale * l + min - x[xo + i];
            diff = useMad ? Math.abs(diff) : diff * diff;
            bestError += weights[i] * diff;
        }
        if (nstep < 1) {
            minOut[minIndex] = -min;
            return scale;
        }
        int[] trial = new int[n];
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = clamp(nearestInt(iscale * (x[xo + i] - min)), 0, nmax);
                trial[i] = l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[xo + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * trial[i] + thisMin - x[xo + i];
                    diff = useMad ? Math.abs(diff) : diff * diff;
                    error += weights[i] * diff;
                }
                if (error < bestError) {
                    for (int i = 0; i < n; i++) {
                        codes[codeOffset + i] = (byte) trial[i];
                    }
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        minOut[minIndex] = -min;
        return scale;
    }
}
