package dev.llmx.quant.recipe;

import dev.llmx.UsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantTypeTest {
    @Test
    void namesAreLlamaQuantizesInAnyCase() {
        assertEquals(QuantType.Q4_K_M, QuantType.parse("q4_k_m"));
        assertEquals(QuantType.Q4_K_M, QuantType.parse("Q4_K"));
        assertEquals(QuantType.Q5_K_M, QuantType.parse("q5_k"));
        assertEquals(QuantType.Q3_K_M, QuantType.parse("Q3_K"));
        assertEquals(QuantType.IQ4_XS, QuantType.parse("iq4_xs"));
        assertEquals(QuantType.BF16, QuantType.parse("bf16"));
        assertEquals(QuantType.Q8_0, QuantType.parse("7"), "the numeric general.file_type works as in llama-quantize");
        assertEquals(15, QuantType.Q4_K_M.fileType().id());
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        UsageException e = assertThrows(UsageException.class, () -> QuantType.parse("Q4_KM"));
        assertTrue(e.getMessage().contains("Q4_K_M") && e.getMessage().contains("Q8_0"), e.getMessage());
    }

    @Test
    void aKnownTypeLlmxCannotMakeSaysWhy() {
        UsageException e = assertThrows(UsageException.class, () -> QuantType.parse("IQ2_XXS"));
        assertTrue(e.getMessage().contains("importance matrix"), e.getMessage());
        e = assertThrows(UsageException.class, () -> QuantType.parse("IQ3_S"));
        assertTrue(e.getMessage().contains("not implemented"), e.getMessage());
    }
}
