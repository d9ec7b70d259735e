package dev.llmx.tensor.kernel;

import dev.llmx.quant.FloatEncoding;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.HalfFloat;

import java.util.Arrays;

/**
 * How llama.cpp rounds the activations a weight matrix multiplies. ggml's CPU backend does not multiply a quantized
 * weight with float activations: it first converts the activation vector to the weight type's "vec_dot_type"
 * (Q8_0 blocks of 32 for Q4_0/Q5_0/Q8_0/IQ4_NL/MXFP4, Q8_1 for Q4_1/Q5_1, Q8_K blocks of 256 for the k-quants and
 * i-quants, F16 for F16 weights, BF16 for BF16) and computes on those. The rounding moves logits by a few hundredths
 * of their spread, which is enough to decide llama.cpp's near-ties, so the engine applies the same rounding to the
 * vector before its float kernels run: what llmx computes is then llama.cpp's arithmetic up to the order of float
 * additions.
 *
 * <p>{@link #round} writes the value each activation has after ggml's quantize-then-dequantize (q × d with ggml's
 * scale, rounding and clamping, x86 variants where they differ from the reference): Q8_0/Q8_1 take
 * d = max|x|/127 stored as F16 and q = rint(x·127/max|x|); Q8_K takes the signed value of largest magnitude, an
 * inverse scale −127/max, q = nearest(x·iscale) clamped to 127 and d = 1/iscale kept as a float. Rounding is to
 * nearest, ties to even, as ggml's {@code nearest_int} and x86 rounding do.
 *
 * <p>Measured (docs/numerics.md): with an F32 KV cache, llmx's logits then equal llama.cpp's run without flash
 * attention to within 1e-5 of their spread on every quantized forward reference; without the rounding they differ
 * by 0.06–0.11 of it. The methods here are the reference arithmetic; {@link FloatOps#round} is the fast path, and
 * must give the same floats bit for bit.
 */
public enum ActivationRounding {
    /** F32 weights: activations stay as they are. */
    NONE,
    /** F16 weights: each activation rounded to the nearest F16. */
    F16,
    /** BF16 weights: each activation rounded to the nearest BF16. */
    BF16,
    /**
     * 32-value blocks, 8-bit codes, F16 scale (ggml's Q8_0, and the codes of Q8_1; Q8_1's F16-rounded block sum,
     * which ggml uses for the offset of Q4_1/Q5_1, is emulated by the matrix × vector path on codes,
     * {@link Q80Activations}, not by this rounding of the values).
     */
    Q8_0,
    /** 256-value blocks, 8-bit codes, float scale (ggml's Q8_K). */
    Q8_K;

    /** The rounding ggml applies to the activations multiplied by weights of {@code type} (its vec_dot_type). */
    public static ActivationRounding forWeights(GgmlType type) {
        return switch (type) {
            case F16 -> F16;
            case BF16 -> BF16;
            case Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, IQ4_NL, MXFP4, NVFP4, Q1_0 -> Q8_0;
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K, IQ2_XXS, IQ2_XS, IQ3_XXS, IQ1_S, IQ3_S, IQ2_S, IQ4_XS, IQ1_M,
                 TQ1_0, TQ2_0 -> Q8_K;
            default -> NONE;
        };
    }

    /** Values per block: the length of a vector must be a multiple of it (a row length of the weight type is). */
    public int blockSize() {
        return switch (this) {
            case Q8_0 -> 32;
            case Q8_K -> 256;
            default -> 1;
        };
    }

    /**
     * {@code dst[dstOffset + i]} = activation {@code x[xOffset + i]} as ggml rounds it, for i in [0, n); n is a
     * multiple of {@link #blockSize()}. {@code dst} may be {@code x} at the same offset.
     */
    public void round(float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        switch (this) {
            case NONE -> System.arraycopy(x, xOffset, dst, dstOffset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = HalfFloat.f16ToFloat(FloatEncoding.f16Bits(x[xOffset + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = HalfFloat.bf16ToFloat(FloatEncoding.bf16Bits(x[xOffset + i]));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < n; b += 32) {
                    roundQ80(x, xOffset + b, dst, dstOffset + b);
                }
            }
            case Q8_K -> {
                for (int b = 0; b < n; b += 256) {
                    roundQ8K(x, xOffset + b, dst, dstOffset + b);
                }
            }
        }
    }

    /** One Q8_0 block as ggml's x86 {@code quantize_row_q8_0} makes it, then dequantized. */
    static void roundQ80(float[] x, int xo, float[] dst, int dstOffset) {
        float max = 0;
        for (int i = 0; i < 32; i++) {
            max = Math.max(max, Math.abs(x[xo + i]));
        }
        float d = q80Scale(max);
        float id = max != 0 ? 127f / max : 0f;
        if (d == 0 || Float.isInfinite(id)) {
            // A block too small for an F16 scale: ggml's codes then multiply a zero scale.
            Arrays.fill(dst, dstOffset, dstOffset + 32, 0f);
            return;
        }
        for (int i = 0; i < 32; i++) {
            dst[dstOffset + i] = (int) Math.rint(x[xo + i] * id) * d; // an int code: no negative zero
        }
    }

    /** The F16-rounded scale of a Q8_0 block whose largest magnitude is {@code max}. */
    public static float q80Scale(float max) {
        return HalfFloat.f16ToFloat(FloatEncoding.f16Bits(max / 127f));
    }

    /** One Q8_K block as ggml's {@code quantize_row_q8_K_ref} makes it, then dequantized. */
    static void roundQ8K(float[] x, int xo, float[] dst, int dstOffset) {
        float d = quantizeQ8K(x, xo, dst, dstOffset);
        for (int i = 0; i < 256; i++) {
            dst[dstOffset + i] *= d;
        }
    }

    /**
     * One Q8_K block's codes (integers in [−127, 127], as floats) into {@code codes[codeOffset…]}; returns its scale
     * d, so that value = code × d. ggml keeps the first value of largest magnitude with its sign: iscale = −127/max,
     * code = min(127, nearest(x · iscale)) (nearest: ties to even, ggml's {@code nearest_int}), d = 1/iscale.
     */
    static float quantizeQ8K(float[] x, int xo, float[] codes, int codeOffset) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < 256; i++) {
            float a = Math.abs(x[xo + i]);
            if (a > amax) {
                amax = a;
                max = x[xo + i];
            } else if (a != a) {
                // NaN: the block is NaN (ggml's max would skip it; llmx keeps a non-finite value visible).
                Arrays.fill(codes, codeOffset, codeOffset + 256, Float.NaN);
                return Float.NaN;
            }
        }
        float iscale = -127f / max;
        if (amax == 0 || Float.isInfinite(iscale)) {
            // All zeros, or too small for a finite inverse scale: ggml's scale is then (−)0 and the block adds 0.
            Arrays.fill(codes, codeOffset, codeOffset + 256, 0f);
            return 0f;
        }
        for (int i = 0; i < 256; i++) {
            codes[codeOffset + i] = Math.min(127, (int) Math.rint(iscale * x[xo + i]));
        }
        return 1 / iscale;
    }

    /**
     * The Q8_K codes and block scales of {@code n} activations (a multiple of 256): {@code codes[i]} is an integer in
     * [−127, 127] held as a float, {@code scales[b]} the scale of block b; code × scale is {@link #round}'s value.
     * Kernels that multiply codes (small integers, exact in float) and apply one scale per block compute ggml's
     * integer block sums exactly.
     */
    public static void quantizeQ8K(float[] x, int xOffset, int n, float[] codes, float[] scales) {
        for (int b = 0; b < n / 256; b++) {
            scales[b] = quantizeQ8K(x, xOffset + b * 256, codes, b * 256);
        }
    }
}
