package dev.llmx.cli;

import dev.llmx.Main;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap does not grow with the model: {@code inspect} of a 1.1 GiB model, and a full scan of one of its large
 * tensors, run in a separate JVM limited to 64 MiB of heap. Tensor data is memory-mapped, never copied to the heap.
 */
class InspectLowHeapTest {
    @TempDir
    Path dir;

    @Test
    void gigabyteModelInspectsWithSixtyFourMegabytesOfHeap() throws Exception {
        Path model = TestModels.writeTinyLlamaShaped(dir.resolve("tinyllama-shaped.gguf"));
        assertTrue(Files.size(model) > 1L << 30, "the model is over 1 GiB");

        String summary = runWithSmallHeap("inspect", "-m", model.toString());
        assertTrue(summary.contains("22  (d_model 2048, FFN 5632)"), summary);
        assertTrue(summary.contains("blk.21.ffn_down.weight"), summary);

        String stats = runWithSmallHeap("inspect", "-m", model.toString(), "--tensor", "token_embd.weight", "--format", "json");
        assertTrue(stats.contains("\"elements\": 65536000"), stats);
        assertTrue(stats.contains("\"zeros\": 65536000"), stats);
    }

    private String runWithSmallHeap(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "inspect finished");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "exit " + p.exitValue() + ": " + stderr + " (classpath entries: "
                + System.getProperty("java.class.path").split(File.pathSeparator).length + ")");
        assertEquals("", stderr);
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
