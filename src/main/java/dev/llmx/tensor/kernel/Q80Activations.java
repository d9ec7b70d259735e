package dev.llmx.tensor.kernel;

import dev.llmx.quant.FloatEncoding;
import dev.llmx.tensor.HalfFloat;

/**
 * One vector of activations as the Q8_0/Q8_1 blocks of 32 llama.cpp makes of it for the legacy 4- and 5-bit weight
 * types (x86 {@code quantize_row_q8_0}/{@code _q8_1}, {@link ActivationRounding#Q8_0}; Q8_0, IQ4_NL and MXFP4 weights
 * multiply the rounded values in float lanes instead): each block's codes as shorts
 * (for kernels that multiply in 16-bit integer lanes), its F16-rounded scale, and Q8_1's F16 block sum
 * (scale × Σ codes, with the scale before its F16 rounding, as ggml stores it), which the offset m of Q4_1/Q5_1
 * multiplies. Made once per matrix × vector by the thread that starts it, then read by every thread.
 */
public final class Q80Activations {
    private short[] codes = new short[0];
    private float[] scales = new float[0];
    private float[] sums = new float[0];
    private int length;

    /** Quantizes {@code x[offset, offset + n)} ({@code n} a multiple of 32) into this, growing the arrays if needed. */
    public void quantize(float[] x, int offset, int n, FloatOps floats) {
        if (n % 32 != 0) {
            throw new IllegalArgumentException("Q8_0 activations come in blocks of 32, not " + n);
        }
        if (codes.length < n) {
            codes = new short[n];
            scales = new float[n / 32];
            sums = new float[n / 32];
        }
        length = n;
        floats.quantizeQ80(x, offset, n, this);
    }

    /** {@link #quantize}'s arithmetic, which {@link FloatOps#quantizeQ80} implementations must equal bit for bit. */
    void quantizeReference(float[] x, int offset, int n) {
        for (int b = 0; b < n / 32; b++) {
            int xo = offset + b * 32;
            float max = 0;
            for (int i = 0; i < 32; i++) {
                max = Math.max(max, Math.abs(x[xo + i]));
            }
            float d = ActivationRounding.q80Scale(max);
            float id = max != 0 ? 127f / max : 0f;
            int sum = 0;
            if (Float.isInfinite(id)) {
                // Below about 3.7e-37 no finite inverse scale exists: zeros (ggml's codes would be out of range).
                for (int i = 0; i < 32; i++) {
                    codes[b * 32 + i] = 0;
                }
            } else {
                // Codes as ggml makes them even where d rounds to an F16 zero (its codes then multiply a zero scale,
                // as in ActivationRounding.roundQ80, but Q8_1's sum s below still counts them). A NaN block gets zero
                // codes and a NaN scale and sum: its products are NaN.
                for (int i = 0; i < 32; i++) {
                    int code = (int) Math.rint(x[xo + i] * id);
                    codes[b * 32 + i] = (short) code;
                    sum += code;
                }
            }
            scales[b] = d;
            sums[b] = HalfFloat.f16ToFloat(FloatEncoding.f16Bits(max / 127f * sum));
        }
    }

    /** How many activations this holds. */
    public int length() {
        return length;
    }

    /** The codes, integers in [−127, 127]. */
    public short[] codes() {
        return codes;
    }

    /** Each block's scale (value = code × scale), F16-rounded. */
    public float[] scales() {
        return scales;
    }

    /** Each block's F16 sum, Q8_1's {@code s}: (max/127) × Σ codes rounded to F16. */
    public float[] sums() {
        return sums;
    }
}
