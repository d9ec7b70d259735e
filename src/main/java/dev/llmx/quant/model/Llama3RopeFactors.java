package dev.llmx.quant.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.convert.HfHyperparameters;

/**
 * Llama 3.1's RoPE frequency scaling, which llama.cpp reads from a {@code rope_freqs.weight} tensor the converter
 * computes: long wavelengths are divided by {@code factor}, short ones kept, and those between blended smoothly.
 * Reads the converter's inputs from config.json; the computation is {@link dev.llmx.model.LayerRope#llama3Factors}.
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
        return dev.llmx.model.LayerRope.llama3Factors(base, dim, factor, oldContext, lowFreqFactor, highFreqFactor);
    }
}
