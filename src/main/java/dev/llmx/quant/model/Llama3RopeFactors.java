package dev.llmx.quant.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.convert.HfHyperparameters;

/**
 * Llama 3.1's RoPE frequency scaling, which llama.cpp reads from a {@code rope_freqs.weight} tensor the converter
 * computes: long wavelengths are divided by {@code factor}, short ones kept, and those between blended smoothly.
 * Computed in float as the converter's torch code does (the last bit may differ where pow rounds differently).
 */
final class Llama3RopeFactors {
    private Llama3RopeFactors() {
    }

    static float[] compute(JsonNode config, HfHyperparameters hp) {
        JsonNode p = config.has("rope_parameters") ? config.get("rope_parameters") : config.path("rope_scaling");
        double base = Double.isNaN(hp.ropeTheta()) ? 10000.0 : hp.ropeTheta();
        int dim = hp.headDim();
        double factor = p.path("factor").asDouble(8.0);
        double lowFreqFactor = p.path("low_freq_factor").asDouble(1.0);
        double highFreqFactor = p.path("high_freq_factor").asDouble(4.0);
        // The converter reads this from the top level of config.json, where Llama 3.1 does not put it: 8192 then.
        double oldContext = config.path("original_max_position_embeddings").asDouble(8192);
        double lowFreqWavelength = oldContext / lowFreqFactor;
        double highFreqWavelength = oldContext / highFreqFactor;
        float[] factors = new float[dim / 2];
        for (int i = 0; i < factors.length; i++) {
            float exponent = (float) (2 * i) / dim;
            float freq = 1.0f / (float) Math.pow(base, exponent);
            float wavelength = (float) (2 * Math.PI) / freq;
            if (wavelength < highFreqWavelength) {
                factors[i] = 1;
            } else if (wavelength > lowFreqWavelength) {
                factors[i] = (float) factor;
            } else {
                float smooth = (float) ((oldContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor));
                factors[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
