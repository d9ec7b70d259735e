package dev.llmx.tensor.kernel;

/**
 * One vector of activations as the Q8_K blocks llama.cpp makes of it for k-quant weights
 * ({@link ActivationRounding#quantizeQ8K}): the codes as floats (the quantizer's output), the same codes as shorts
 * (what the kernels multiply, in 16-bit integer lanes, widening only per sub-block as ggml's integer dot products
 * do), each 256-value block's scale, and the integer sum of the codes over every 32 values (what a row's sub-block
 * mins multiply). Made once per matrix × vector by the thread that starts it,
 * then read by every thread: the rows share it.
 */
public final class Q8KActivations {
    private float[] codes = new float[0];
    private short[] shortCodes = new short[0];
    private float[] scales = new float[0];
    private int[] sums32 = new int[0];
    private int length;

    /** Quantizes {@code x[offset, offset + n)} ({@code n} a multiple of 256) into this, growing the arrays if needed. */
    public void quantize(float[] x, int offset, int n, FloatOps floats) {
        if (n % 256 != 0) {
            throw new IllegalArgumentException("Q8_K activations come in blocks of 256, not " + n);
        }
        if (codes.length < n) {
            codes = new float[n];
            shortCodes = new short[n];
            scales = new float[n / 256];
            sums32 = new int[n / 32];
        }
        length = n;
        floats.quantizeQ8K(x, offset, n, this);
    }

    /** {@link #quantize}'s arithmetic, which {@link FloatOps#quantizeQ8K} implementations must equal bit for bit. */
    void quantizeReference(float[] x, int offset, int n) {
        ActivationRounding.quantizeQ8K(x, offset, n, codes, scales);
        for (int s = 0; s < n / 32; s++) {
            int sum = 0;
            for (int i = s * 32; i < s * 32 + 32; i++) {
                // A NaN block has NaN codes and a NaN scale: its short codes are 0 and the NaN scale still makes
                // every product with the block NaN.
                short code = codes[i] != codes[i] ? 0 : (short) codes[i];
                shortCodes[i] = code;
                sum += code;
            }
            sums32[s] = sum;
        }
    }

    /** How many activations this holds. */
    public int length() {
        return length;
    }

    /** The codes, integers in [−127, 127] held as floats (NaN for a block that holds a NaN). */
    public float[] codes() {
        return codes;
    }

    /** The same codes as shorts (0 for a NaN block, whose scale is NaN). */
    public short[] shortCodes() {
        return shortCodes;
    }

    /** The scale of each 256-value block: value = code × scale. */
    public float[] scales() {
        return scales;
    }

    /** The sum of the codes over each 32 values. */
    public int[] sums32() {
        return sums32;
    }
}
