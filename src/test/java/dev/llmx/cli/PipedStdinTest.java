package dev.llmx.cli;

import dev.llmx.Main;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prompt on a real pipe (not a test's in-memory stream): JDK 17's {@code FileInputStream.readAllBytes} seeks, and a
 * pipe cannot, so {@code printf … | llmx perplexity} once failed with "Illegal seek".
 */
class PipedStdinTest {
    @Test
    void perplexityReadsItsTextFromAPipe() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "perplexity", "-c", "8", "--format", "csv")).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("Once upon a time, there was a little girl named Lily. She loved to play outside."
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "perplexity finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.startsWith("model,chunk,perplexity"), out);
    }
}
