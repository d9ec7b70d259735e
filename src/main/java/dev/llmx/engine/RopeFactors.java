package dev.llmx.engine;

import dev.llmx.model.RopeConfig;

/**
 * Llama 3's RoPE scaling as per-frequency divisors (what llama.cpp's converter stores as {@code rope_freqs}):
 * wavelengths shorter than original_context / high_freq_factor stay, those longer than original_context /
 * low_freq_factor are divided by the scaling factor, and the ones between are blended smoothly.
 */
final class RopeFactors {
    private RopeFactors() {
    }

    static float[] llama3(RopeConfig rope, double lowFreqFactor, double highFreqFactor) {
        double factor = rope.scalingFactor();
        double original = rope.originalContextLength() > 0 ? rope.originalContextLength() : 8192;
        double lowWavelength = original / lowFreqFactor;
        double highWavelength = original / highFreqFactor;
        int pairs = rope.dimensions() / 2;
        float[] factors = new float[pairs];
        for (int i = 0; i < pairs; i++) {
            double frequency = 1.0 / Math.pow(rope.base(), 2.0 * i / rope.dimensions());
            double wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength) {
                factors[i] = 1f;
            } else if (wavelength > lowWavelength) {
                factors[i] = (float) factor;
            } else {
                double smooth = (original / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                factors[i] = (float) (1.0 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
