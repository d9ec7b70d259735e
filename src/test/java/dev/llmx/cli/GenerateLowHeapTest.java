package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.Main;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights are not on the heap: {@code generate} runs a 1.1 GiB model (TinyLlama-shaped, Q8_0) in a JVM limited to
 * 256 MiB of heap. The weights are zeros (a sparse file), so the text is meaningless; the work is real.
 */
class GenerateLowHeapTest {
    @TempDir
    Path dir;

    @Test
    void aGigabyteModelGeneratesWithAQuarterGigabyteOfHeap() throws Exception {
        Path model = TestModels.writeTinyLlamaShaped(dir.resolve("tinyllama-shaped.gguf"));
        assertTrue(Files.size(model) > 1L << 30, "the model is over 1 GiB");
        Path out = dir.resolve("stdout.json");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "generate", "-m", model.toString(), "-n", "3", "--temp", "0", "-t", "2",
                "--format", "json", ""))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "generate finished");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        JsonNode j = new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        assertEquals(3, j.get("tokens").size(), j.toString());
        assertEquals("length", j.get("stop_reason").asText());
    }
}
