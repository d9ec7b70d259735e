package dev.llmx.kvcache;

import dev.llmx.quant.recipe.QuantType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannedMixTest {
    /** The planned tensors are the parameters kv-cost counts, for every preset: bytes(params_total) is the plan. */
    @Test
    void everyPresetsPlannedTensorsHoldExactlyItsCountedParameters() {
        for (Presets.Preset p : Presets.all()) {
            KvModel m = p.model();
            if (!m.hasLayerSizes()) {
                continue;
            }
            long total = ParameterCount.of(m).orElseThrow().total();
            FileWeights q4km = PlannedMix.of(m, QuantType.Q4_K_M);
            assertEquals(total, q4km.fileParameters(), m.id());
            double bits = q4km.bitsPerWeight();
            assertTrue(bits > 4.5 && bits < 8.6, m.id() + ": " + bits + " bits/weight for Q4_K_M");
            assertTrue(PlannedMix.of(m, QuantType.Q3_K_M).fileBytes() < PlannedMix.of(m, QuantType.Q5_K_M).fileBytes(),
                    m.id());
        }
    }
}
