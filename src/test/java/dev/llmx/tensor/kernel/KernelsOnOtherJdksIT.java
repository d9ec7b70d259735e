package dev.llmx.tensor.kernel;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Vector API kernels on every JDK installed beside the one Maven runs (the launcher picks the newest, and the
 * kernels' loads from the mapped file take a different API there), and in AVX2's vector shape on every JDK:
 * {@link KernelsOnThisJdk} in a process of each.
 */
class KernelsOnOtherJdksIT {
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    @Test
    void theKernelsAgreeWithTheReferenceDecoderOnEveryInstalledJdk(@TempDir Path dir)
            throws IOException, InterruptedException, URISyntaxException {
        List<Path> others = otherJdks();
        Assumptions.assumeFalse(others.isEmpty(), "no JDK besides " + System.getProperty("java.home") + " in " + JVMS);
        for (Path home : others) {
            check(home, null, dir);
        }
    }

    /**
     * AVX2 machines run the kernels with 8 float lanes instead of AVX-512's 16 (other loop trip counts, other byte
     * species); {@code -XX:MaxVectorSize=32} gives that shape here, on this JDK and the others.
     */
    @Test
    void theKernelsAgreeOnTwoHundredFiftySixBitVectors(@TempDir Path dir)
            throws IOException, InterruptedException, URISyntaxException {
        List<Path> homes = new ArrayList<>(otherJdks());
        homes.add(0, Path.of(System.getProperty("java.home")));
        for (Path home : homes) {
            check(home, "-XX:MaxVectorSize=32", dir);
        }
    }

    /** Runs {@link KernelsOnThisJdk} on the JDK at {@code home} (with {@code option}, if not null). */
    private static void check(Path home, String option, Path dir)
            throws IOException, InterruptedException, URISyntaxException {
        Path log = dir.resolve("kernels-" + home.getFileName() + (option == null ? "" : "-narrow") + ".txt");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/java").toString(), "--add-modules",
                "jdk.incubator.vector"));
        if (option != null) {
            command.add(option);
        }
        command.addAll(List.of("-cp", classPath(), KernelsOnThisJdk.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(home + " did not finish in 300 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), home + ":\n" + out);
        assertTrue(out.contains("kernels ok on Java"), out);
        // JDK 17/18 load vectors from copied arrays, 22 and later from a MemorySegment: there the Vector API kernels
        // must run wherever they run in Maven's JVM (19-21 keep MemorySegment in preview, and may fall back to the
        // scalar set; so does a CPU without 256-bit vectors).
        int major = major(home);
        if (Kernels.vector().isPresent() && (major <= 18 || major >= 22)) {
            String shape = option == null ? ": Vector API" : ": Vector API 256-bit";
            assertTrue(out.contains(shape), home + " runs the Vector API kernels" + (option == null ? "" : " " + option)
                    + ":\n" + out);
        }
    }

    /** JDKs of version 17 or later under /usr/lib/jvm, other than this one (links to one JDK counted once). */
    private static List<Path> otherJdks() throws IOException {
        Path self = Path.of(System.getProperty("java.home")).toRealPath();
        Set<Path> homes = new LinkedHashSet<>();
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> dirs = Files.list(JVMS)) {
                for (Path d : dirs.sorted().toList()) {
                    if (Files.isExecutable(d.resolve("bin/java")) && Files.exists(d.resolve("release"))) {
                        Path real = d.toRealPath();
                        if (!real.equals(self) && major(real) >= 17) {
                            homes.add(real);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(homes);
    }

    private static int major(Path home) throws IOException {
        for (String line : Files.readAllLines(home.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String first = v.split("[.+-]")[0];
                return first.matches("\\d+") ? Integer.parseInt(first) : 0;
            }
        }
        return 0;
    }

    /** This test's own class path: the classes, the test classes and JUnit's assertions. */
    private static String classPath() throws URISyntaxException {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : List.of(KernelsOnThisJdk.class, Kernels.class, Assertions.class,
                org.opentest4j.AssertionFailedError.class)) {
            String location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!parts.contains(location)) {
                parts.add(location);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
