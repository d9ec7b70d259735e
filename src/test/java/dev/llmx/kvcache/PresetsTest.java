package dev.llmx.kvcache;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetsTest {
    @Test
    void everyPresetIsCompleteAndCitesItsConfig() {
        Set<String> names = new HashSet<>();
        for (Presets.Preset p : Presets.all()) {
            KvModel m = p.model();
            assertTrue(names.add(p.id()), "duplicate " + p.id());
            p.aliases().forEach(a -> assertTrue(names.add(a), "duplicate alias " + a));
            assertTrue(m.source().orElse("").matches("https://huggingface\\.co/[^/]+/[^/]+/blob/main/config\\.json"),
                    p.id() + " cites " + m.source());
            assertTrue(m.hasLayerSizes(), p.id());
            assertTrue(m.nativeContext() > 0, p.id());
            assertTrue(ParameterCount.of(m).isPresent(), p.id());
        }
        assertTrue(names.size() >= 38);
    }

    @Test
    void theIssuesModelsArePresent() {
        for (String id : List.of("llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3-8b", "llama-3-70b",
                "llama-3.1-405b", "llama-3.2-1b", "llama-3.2-3b", "mistral-7b", "mixtral-8x7b", "qwen2.5-0.5b",
                "qwen2.5-72b", "qwen3-0.6b", "qwen3-32b", "gemma-3-270m", "gemma-3-27b", "phi-3-mini",
                "smollm2-135m", "smollm2-360m", "smollm2-1.7b", "deepseek-v3", "gpt-oss-20b", "gpt-oss-120b")) {
            assertTrue(Presets.find(id).isPresent(), id);
        }
    }

    @Test
    void lookupIgnoresCaseAndUnderscores() {
        assertEquals("llama-3-8b", Presets.find("Llama_3_8B").orElseThrow().id());
        assertEquals("mistral-7b-v0.1", Presets.find("mistral-7b").orElseThrow().id());
        assertFalse(Presets.find("llama-9").isPresent());
    }

    @Test
    void closeNamesForTypos() {
        assertEquals(List.of("llama-3-8b"), Presets.closest("lama-3-8b", 4).subList(0, 1));
        assertTrue(Presets.closest("llama3", 4).contains("llama-3-8b"));
        assertTrue(Presets.closest("qwen25", 10).contains("qwen2.5-7b"));
        assertTrue(Presets.closest("zzzzzzzzzzzzzzzzzzz", 4).isEmpty());
    }
}
