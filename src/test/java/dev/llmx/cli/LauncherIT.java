package dev.llmx.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        return finish(start(LAUNCHER, ROOT, env, args), stdin);
    }

    /** Starts {@code launcher} in {@code directory}; never building unless {@code env} sets LLMX_NO_BUILD="". */
    static Process start(Path launcher, Path directory, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        pb.environment().put("LLMX_NO_BUILD", "1");
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        return pb.start();
    }

    static Run finish(Process p, String stdin) throws IOException, InterruptedException {
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

    @Test
    void worksThroughSymbolicLinksAsTheReadmeSuggestsForCompletion(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("llmx"), LAUNCHER);
        Path relativeToLink = Files.createSymbolicLink(dir.resolve("llmx"), Path.of("bin/llmx"));
        for (Path launcher : List.of(link, relativeToLink)) {
            Run r = finish(start(launcher, dir, Map.of(), "tokenize", "--count", "hi"), null);
            assertEquals(0, r.exitCode(), launcher + ": " + r);
            assertTrue(r.stdout().contains("chars/token"), r.stdout());
            assertEquals("", r.stderr());
        }
        try (var left = Files.list(bin)) {
            assertEquals(List.of(link), left.toList(), "nothing written beside the link (no target/build.log)");
        }
    }

    @Test
    void twoLaunchersStartedAtOnceOnAFreshCheckoutBuildOnceAndBothRun(@TempDir Path dir) throws Exception {
        // A checkout without a jar, and on PATH an mvn that fails when a second build runs beside it (as two real
        // Maven builds into one target/ do) and otherwise "builds" by copying the jar verify made.
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.createDirectories(checkout.resolve("src/main"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Path launcher = Files.copy(LAUNCHER, checkout.resolve("llmx"), StandardCopyOption.COPY_ATTRIBUTES);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                mkdir target/busy 2>/dev/null || { echo "a second build beside the first" >&2; exit 1; }
                echo built >> ../builds
                sleep 2
                cp '%s' target/llmx.jar
                rmdir target/busy
                """.formatted(ROOT.resolve("target/llmx.jar")));
        assertTrue(mvn.toFile().setExecutable(true));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "LLMX_NO_BUILD", "",
                "LLMX_NO_CDS", "1");
        Process first = start(launcher, checkout, env, "tokenize", "--count", "hi");
        Process second = start(launcher, checkout, env, "tokenize", "--count", "hello");
        for (Run r : List.of(finish(first, null), finish(second, null))) {
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.stdout().contains("chars/token"), r.stdout());
        }
        assertEquals(List.of("built"), Files.readAllLines(dir.resolve("builds")), "one build, the other waited");
        assertTrue(!Files.exists(checkout.resolve("target/.llmx-build.lock")), "the lock is gone");
    }

    @Test
    void invalidUtf8InAnArgumentIsAnErrorAndValidUtf8WorksUnderAnyLocale() throws Exception {
        // printf makes the bytes, so that this JVM's own charset does not touch them.
        Run r = finish(shell(Map.of(), "\"$0\" tokenize \"hi$(printf '\\377')\""), null);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx tokenize: argument 2 ("), r.stderr());
        assertTrue(r.stderr().contains("invalid UTF-8 at byte offset 2 (byte 0xFF)"), r.stderr());
        Run c = finish(shell(Map.of("LANG", "C", "LC_ALL", "C"),
                "\"$0\" tokenize --format json \"h$(printf '\\303\\251')llo\""), null);
        assertEquals(0, c.exitCode(), c::toString);
        assertTrue(c.stdout().contains("\"n_chars\": 5"), "é is one character under LANG=C too: " + c.stdout());
    }

    @Test
    void jsonOfManyTokensStreamsInAHeapFarSmallerThanItsTree() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            ids.append(1000 + (i * 7919L) % 49000).append(' ');
        }
        // 300,000 token objects held at once need some 100 MB; streamed, the ids and pieces fit in 40 MB.
        Run r = run(ids.toString(), Map.of("LLMX_JAVA_OPTS", "-Xmx40m"), "tokenize", "--decode", "--format", "json");
        assertEquals(0, r.exitCode(), r.stderr());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.stdout());
        assertEquals(300_000, json.get("tokens").size());
        assertEquals(json.get("ids").get(299_999), json.get("tokens").get(299_999).get("id"));
    }

    @Test
    void runningOutOfMemoryIsOneLine() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            ids.append(1000 + i % 49000).append(' ');
        }
        Run r = run(ids.toString(), Map.of("LLMX_JAVA_OPTS", "-Xmx8m"), "tokenize", "--decode", "--format", "json");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("llmx tokenize: out of memory; give Java more with LLMX_JAVA_OPTS=-Xmx8g or use a smaller input\n",
                r.stderr());
    }

    /** Runs {@code script} with sh, the launcher as $0. */
    private static Process shell(Map<String, String> env, String script) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script, LAUNCHER.toString()).directory(ROOT.toFile());
        pb.environment().put("LLMX_NO_BUILD", "1");
        pb.environment().putAll(env);
        return pb.start();
    }

    static final String LILY = "Once upon a time, there was a little girl named Lily. She loved to play outside in the"
            + " park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily's mom said\n";
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    /** The embedded model runs on the scalar kernels (too small for vectors); -Dllmx.kernels=vector forces them. */
    static final Map<String, String> VECTOR = Map.of("LLMX_JAVA_OPTS", "-Dllmx.kernels=vector");

    @Test
    void generateRunsTheEmbeddedModelWithTheVectorApiAndStandardErrorHoldsOnlyTheTimings() throws Exception {
        Run plain = run(null, Map.of(), "generate", "Once upon a time", "--temp", "0", "-n", "64");
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(LILY, plain.stdout());
        assertTrue(plain.stderr().matches("llmx generate: 64 tokens \\(length\\); .* scalar kernels\\n"),
                plain.stderr());
        Run r = run(null, VECTOR, "generate", "Once upon a time", "--temp", "0", "-n", "64");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(LILY, r.stdout());
        assertTrue(r.stderr().matches("llmx generate: 64 tokens \\(length\\); .* Vector API \\d+-bit kernels\\n"),
                "no incubator warning, only the timings: " + r.stderr());
        if (Files.isDirectory(JDK17)) {
            Map<String, String> env = new java.util.HashMap<>(VECTOR);
            env.put("JAVA_HOME", JDK17.toString());
            Run old = run(null, env, "generate", "Once upon a time", "--temp", "0", "-n", "64");
            assertEquals(LILY, old.stdout(), old::toString);
            assertTrue(old.stderr().matches("llmx generate: 64 tokens \\(length\\); .* Vector API \\d+-bit kernels\\n"),
                    old.stderr());
        }
    }

    @Test
    void replReadsAScriptFromAPipeAndPrintsOnlyWhatItsCommandsPrint() throws Exception {
        Run r = run("tokenize --count hello\ngenerate \"Once upon a time\" --temp 0 -n 64\nexit\n", Map.of(), "repl");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("\nstories260K-"), "tokenize used the loaded model: " + r.stdout());
        assertTrue(r.stdout().endsWith(LILY), "generate printed what it prints outside the REPL: " + r.stdout());
        assertTrue(r.stderr().matches("llmx generate: 64 tokens \\(length\\); [^\\n]*\\n"),
                "no prompt, banner or JVM warning: " + r.stderr());
    }

    @Test
    void engineErrorsKeepTheirExitCodeAndOneLine() throws Exception {
        Run r = run(null, Map.of(), "generate", "-n", "0", "hi");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("llmx generate: -n must be at least 1 (the number of tokens to generate) or -1 (until the end "
                + "of generation or the context is full), not 0 "
                + "(see 'llmx generate --help')\n", r.stderr());
        Run bad = run(null, Map.of("LLMX_JAVA_OPTS", "-Xmx1zz"), "generate", "hi");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("Invalid maximum heap size"), "the JVM's own errors still show: " + bad.stderr());
    }

    @Test
    void onlyEngineCommandsLoadTheVectorModule() throws Exception {
        Map<String, String> show = Map.of("LLMX_JAVA_OPTS", "--show-module-resolution");
        Run tokenize = run(null, show, "tokenize", "hi");
        assertEquals(0, tokenize.exitCode(), tokenize::toString);
        assertTrue(!tokenize.stdout().contains("jdk.incubator.vector"), "tokenize stays without the module");
        Run generate = run(null, show, "generate", "-n", "1", "hi");
        assertTrue(generate.stdout().contains("root jdk.incubator.vector"), "generate adds the module");
    }

    /** Without the incubator module (plain java -jar) the scalar kernels run, on JDK 17 and the newest JDK alike. */
    @Test
    void withoutTheModuleTheScalarKernelsGiveTheSameTokens() throws Exception {
        Run vector = run(null, VECTOR, "generate", "--format", "json", "--temp", "0", "-n", "32", "Lily and Ben");
        assertTrue(vector.stdout().contains("\"kernels\": \"Vector API"), vector.stdout());
        String tokens = vector.stdout().replaceAll("(?s).*\"tokens\": (\\[[^]]*]).*", "$1");
        for (Path javaHome : List.of(JDK17, Path.of(System.getProperty("java.home")))) {
            if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
                continue;
            }
            Process p = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-Dllmx.kernels=vector", "-jar",
                    ROOT.resolve("target/llmx.jar").toString(), "generate", "--format", "json", "--temp", "0", "-n",
                    "32", "Lily and Ben").start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), err);
            assertTrue(out.contains("\"kernels\": \"scalar\""), out);
            assertTrue(out.contains("\"tokens\": " + tokens), javaHome + ": " + out);
        }
    }
}
