package dev.llmx.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared reference data in {@code ../shared/refs/} (see its README). Tests that need a file call
 * {@link #require}; when the file is absent the test is skipped with a message saying which file, never failed.
 */
public final class Refs {
    public static final Path ROOT = Path.of(System.getProperty("llmx.refs", "../shared/refs")).toAbsolutePath().normalize();

    private Refs() {
    }

    public static Path require(String relative) {
        Path p = ROOT.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "reference file " + p + " is absent; skipping");
        return p;
    }

    public static boolean present(String relative) {
        return Files.exists(ROOT.resolve(relative));
    }
}
