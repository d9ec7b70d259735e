package dev.llmx.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./llmx} launcher as users run it, on the jar that {@code mvn verify} just packaged: real processes,
 * real exit codes, and a standard error that carries nothing but real messages.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path LAUNCHER = ROOT.resolve("llmx");

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void jarIsBuilt() {
        assertTrue(Files.exists(ROOT.resolve("target/llmx.jar")), "mvn package runs before the launcher tests");
    }

    static Run run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().put("LLMX_NO_BUILD", "1");
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher finished");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void tokenizeFromArgumentsPrintsATableAndNothingOnStderr() throws Exception {
        Run r = run(null, Map.of(), "tokenize", "Hello world");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr(), "no JVM warnings, no CDS/AOT messages");
        assertTrue(r.stdout().startsWith("o200k_base  2 tokens"), r.stdout());
        assertTrue(r.stdout().contains("13225"), r.stdout());
        assertTrue(!r.stdout().contains("\u001b"), "not a terminal: no colour");
    }

    @Test
    void tokenizeFromStandardInputAsJson() throws Exception {
        Run r = run("Hello world\n", Map.of(), "tokenize", "--format", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        assertTrue(r.stdout().contains("\"ids\": [13225, 2375, 198]"), r.stdout());
    }

    @Test
    void versionComesFromTheBuild() throws Exception {
        Run r = run(null, Map.of(), "--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().matches("(?s)llmx \\d+\\.\\d+\\.\\d+.*Java \\d+.*"), r.stdout());
    }

    @Test
    void helpGroupsCommandsByStage() throws Exception {
        Run r = run(null, Map.of(), "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("Text → tokens:\n    tokenize"), r.stdout());
    }

    @Test
    void exitCodesAndOneLineErrorsSurviveTheRealProcess() throws Exception {
        Run usage = run(null, Map.of(), "tokenize", "--nope");
        assertEquals(2, usage.exitCode(), usage::toString);
        assertEquals(1, usage.stderr().lines().count(), usage.stderr());
        Run data = run(null, Map.of(), "tokenize", "-f", "/nonexistent");
        assertEquals(1, data.exitCode(), data::toString);
        assertEquals("llmx tokenize: /nonexistent: no such file\n", data.stderr());
    }

    @Test
    void picksTheNewestJdkUnlessJavaHomeIsSet() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        if (Files.isDirectory(jdk17)) {
            Run r = run(null, Map.of("JAVA_HOME", jdk17.toString()), "--version");
            assertTrue(r.stdout().contains("Java 17"), r.stdout());
            assertEquals("", r.stderr(), "JDK 17 with its class-data archive is quiet too");
            Run again = run(null, Map.of("JAVA_HOME", jdk17.toString()), "tokenize", "--count", "hi");
            assertEquals("", again.stderr());
        }
        Run newest = run(null, Map.of("JAVA_HOME", ""), "--version");
        int newestInstalled = 17;
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path d : dirs.toList()) {
                Path release = d.resolve("release");
                if (Files.isReadable(release) && Files.isExecutable(d.resolve("bin/java"))) {
                    for (String line : Files.readAllLines(release)) {
                        if (line.startsWith("JAVA_VERSION=")) {
                            String v = line.substring(14).split("[.\"+-]")[0];
                            newestInstalled = Math.max(newestInstalled, Integer.parseInt(v));
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // no /usr/lib/jvm: the launcher uses java from PATH
        }
        assertTrue(newest.stdout().contains("Java " + newestInstalled), newest.stdout());
    }
}
