package dev.llmx.model;

import dev.llmx.LlmxException;

/**
 * One layer's rotary position embedding, scaling included: the angle per position of each rotated pair, and what
 * YaRN multiplies the cosines and sines by. The one place that knows the scalings (linear, Llama 3, YaRN), used by
 * the engine and by quantize when it writes Llama 3's {@code rope_freqs}.
 *
 * @param dims            rotated values per head (n_rot)
 * @param base            theta
 * @param scaling         {@code none}, {@code linear}, {@code llama3}, {@code yarn}
 * @param factor          the context-extension factor (1 when not scaled)
 * @param originalContext the trained context before scaling (Llama 3 and YaRN), 0 when not given
 * @param lowFreqFactor   Llama 3's low_freq_factor (1 by default)
 * @param highFreqFactor  Llama 3's high_freq_factor (4 by default)
 * @param betaFast        YaRN's beta_fast (32 by default)
 * @param betaSlow        YaRN's beta_slow (1 by default)
 */
public record LayerRope(int dims, double base, RopeLayout layout, String scaling, double factor,
                        long originalContext, double lowFreqFactor, double highFreqFactor, double betaFast,
                        double betaSlow) {

    /** Unscaled RoPE. */
    public static LayerRope plain(int dims, double base, RopeLayout layout) {
        return new LayerRope(dims, base, layout, "none", 1, 0, 1, 4, 32, 1);
    }

    /** The angle per position of each of the {@code dims / 2} pairs. */
    public double[] frequencies() {
        double[] f = new double[dims / 2];
        switch (scaling) {
            case "none" -> fill(f, 1.0);
            case "linear" -> fill(f, 1.0 / factor);
            case "llama3" -> {
                float[] divisors = llama3Factors(base, dims, factor,
                        originalContext > 0 ? originalContext : 8192, lowFreqFactor, highFreqFactor);
                for (int i = 0; i < f.length; i++) {
                    f[i] = theta(i) / divisors[i];
                }
            }
            case "yarn" -> {
                // ggml's rope_yarn: pairs below the corrected range keep their trained frequency (extrapolation),
                // pairs above it are divided by the factor (interpolation), a linear ramp blends those between.
                double[] range = yarnCorrectionRange();
                for (int i = 0; i < f.length; i++) {
                    double extrapolated = theta(i);
                    double interpolated = extrapolated / factor;
                    double ramp = 1 - Math.min(1, Math.max(0, (i - range[0]) / Math.max(0.001, range[1] - range[0])));
                    f[i] = interpolated * (1 - ramp) + extrapolated * ramp;
                }
            }
            default -> throw new LlmxException("RoPE scaling '" + scaling
                    + "' is not supported yet (llmx runs none, linear, llama3 and yarn)");
        }
        return f;
    }

    /** YaRN's attention factor on the cosines and sines, {@code 1 + 0.1·ln(factor)}; 1 for other scalings. */
    public float magnitude() {
        return scaling.equals("yarn") && factor > 1 ? (float) (1 + 0.1 * Math.log(factor)) : 1f;
    }

    /**
     * The pairs YaRN blends between, [low, high]: pair i turns {@code original / (2π·base^(2i/dims))} times over
     * the trained context; the range runs from the pair that turns beta_fast times to the one that turns
     * beta_slow times, rounded outwards (ggml_rope_yarn_corr_dims).
     */
    double[] yarnCorrectionRange() {
        double original = originalContext > 0 ? originalContext : 4096;
        double low = Math.floor(correctionDim(original, betaFast));
        double high = Math.ceil(correctionDim(original, betaSlow));
        return new double[] {Math.max(0, low), Math.min(dims - 1, high)};
    }

    private double correctionDim(double original, double rotations) {
        return dims * Math.log(original / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    private double theta(int pair) {
        return Math.pow(base, -2.0 * pair / dims);
    }

    private void fill(double[] f, double scale) {
        for (int i = 0; i < f.length; i++) {
            f[i] = scale * theta(i);
        }
    }

    /**
     * Llama 3's per-pair frequency divisors (what llama.cpp's converter stores as {@code rope_freqs}): wavelengths
     * shorter than original / high_freq_factor stay, those longer than original / low_freq_factor are divided by the
     * factor, those between blend smoothly. Computed in float as the converter's torch code does, so that a file
     * llmx writes holds the values llama.cpp's would.
     */
    public static float[] llama3Factors(double base, int dims, double factor, double originalContext,
                                        double lowFreqFactor, double highFreqFactor) {
        double lowWavelength = originalContext / lowFreqFactor;
        double highWavelength = originalContext / highFreqFactor;
        float[] factors = new float[dims / 2];
        for (int i = 0; i < factors.length; i++) {
            float exponent = (float) (2 * i) / dims;
            float freq = 1.0f / (float) Math.pow(base, exponent);
            float wavelength = (float) (2 * Math.PI) / freq;
            if (wavelength < highWavelength) {
                factors[i] = 1;
            } else if (wavelength > lowWavelength) {
                factors[i] = (float) factor;
            } else {
                float smooth = (float) ((originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor));
                factors[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
