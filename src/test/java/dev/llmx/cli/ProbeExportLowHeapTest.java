package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.Main;
import dev.llmx.safetensors.SafetensorsFile;
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
 * Probes are streamed to disk: a 500-token generate recording every probe of every step (attention weights
 * included, about 56 MB) runs in a JVM whose whole heap is 32 MiB — less than the file it writes.
 */
class ProbeExportLowHeapTest {
    @TempDir
    Path dir;

    @Test
    void fiveHundredTokensOfEveryProbeInAHeapSmallerThanTheFile() throws Exception {
        Path file = dir.resolve("run.safetensors");
        Path out = dir.resolve("stdout.json");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "generate", "-n", "500", "--temp", "1", "--seed", "1", "-t", "2",
                "--probe", "blk.*.l_out", "--probe", "*", "--probe-out", file.toString(), "--format", "json",
                "Once upon a time"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "generate finished");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        JsonNode j = new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        int generated = j.get("tokens").size();
        assertTrue(Files.size(file) > 40L << 20, Files.size(file) + " bytes after " + generated + " tokens");
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            // Every pass: the prompt's and one per generated token but the last (it is sampled, never run).
            int passes = generated;
            assertEquals(passes * (3 + 15 * 5), st.entries().size());
            assertTrue(st.entry("blk.4.resid_out@" + (5 + passes - 2)).isPresent());
        }
        assertEquals(j.get("probe_out").get("bytes").asLong(), Files.size(file));
    }
}
