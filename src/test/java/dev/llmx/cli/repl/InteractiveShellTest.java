package dev.llmx.cli.repl;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.cli.ModelKeeper;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.render.Format;
import dev.llmx.render.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interactive REPL on a JLine terminal fed from memory: lines typed, Ctrl-C raised while a command runs (from
 * inside the command's own output, so it lands at a known point), history written.
 */
class InteractiveShellTest {
    private static ModelKeeper keeper;

    @BeforeAll
    static void load() {
        keeper = ModelKeeper.load(EmbeddedModel.path(), null);
    }

    @AfterAll
    static void close() {
        keeper.close();
    }

    /** What one session printed, and the exit codes it asked for. */
    record Session(String stdout, String stderr, String screen, List<Integer> forcedExits) {
    }

    /**
     * Runs {@code typed} through an interactive shell; on each write number listed in {@code interruptAtWrites} to
     * the commands' standard output, Ctrl-C is pressed.
     */
    private static Session run(String typed, Path history, int... interruptAtWrites) throws IOException {
        return run(List.of(new Keys(null, 0, typed)), history, interruptAtWrites);
    }

    /**
     * What the user types once the screen shows {@code awaited} {@code times} times (null: at once); typing null
     * presses Ctrl-C (SIGINT, as the kernel sends it to the process of a system terminal). Keys typed ahead are read by JLine's
     * own input thread whenever it runs, so a Ctrl-C among them would land at a moment the test does not control;
     * waiting for what the screen shows ties each key to the point of the session it is meant for.
     */
    record Keys(String awaited, int times, String typed) {
    }

    private static Session run(List<Keys> script, Path history, int... interruptAtWrites) throws IOException {
        Screen screen = new Screen();
        // The keyboard stays open, as a real one does: at the end of a stream JLine drops what it has not read yet.
        PipedInputStream keyboard = new PipedInputStream(1 << 16);
        PipedOutputStream keys = new PipedOutputStream(keyboard);
        java.util.concurrent.atomic.AtomicReference<org.jline.terminal.Terminal> terminalRef =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Thread typist = new Thread(() -> {
            try {
                for (Keys k : script) {
                    if (k.awaited() != null) {
                        screen.await(k.awaited(), k.times());
                    }
                    if (k.typed() == null) {
                        terminalRef.get().raise(org.jline.terminal.Terminal.Signal.INT);
                    } else {
                        keys.write(k.typed().getBytes(StandardCharsets.UTF_8));
                        keys.flush();
                    }
                }
                // A piped stream whose writing thread has ended fails its reader ("write end dead"): stay.
                ended.await();
            } catch (IOException | InterruptedException e) {
                // the session ended first: the assertions say what is missing
            }
        }, "test-typist");
        typist.setDaemon(true);
        typist.start();
        // An xterm, not a dumb terminal: the line editor draws what it has read, which the typist waits for. Made
        // directly as an in-memory terminal: the builder would open a pseudo-terminal for an xterm, whose output
        // thread prints a stack trace on System.err when closed, whenever it gets to run.
        try (keys; org.jline.terminal.impl.ExternalTerminal line = new org.jline.terminal.impl.ExternalTerminal(
                "test", "xterm", keyboard, screen, StandardCharsets.UTF_8)) {
            line.setSize(new org.jline.terminal.Size(100, 24));
            terminalRef.set(line);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            OutputStream stdout = new OutputStream() {
                int writes;

                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    writes++;
                    for (int at : interruptAtWrites) {
                        if (writes == at) {
                            pressCtrlC(line);
                        }
                    }
                    out.write(b, off, len);
                }
            };
            Terminal terminal = new Terminal(InputStream0.EMPTY, stdout, err, true, false, false, false, 100);
            List<Integer> exits = new ArrayList<>();
            Repl repl = new Repl(terminal, keeper, new Repl.Settings("test", Format.TABLE, false));
            new InteractiveShell(repl, line, Optional.ofNullable(history),
                    () -> CommandLineFactory.create(terminal), exits::add, false).run();
            terminal.err().flush();
            ended.countDown();
            return new Session(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    screen.toString(StandardCharsets.UTF_8), exits);
        }
    }

    /** The terminal's output: each write wakes whoever waits for something to appear on it. */
    private static final class Screen extends ByteArrayOutputStream {
        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        /** Waits (no polling, no clock) until the screen shows {@code text} {@code times} times. */
        synchronized void await(String text, int times) throws InterruptedException {
            while (occurrences(toString(StandardCharsets.UTF_8), text) < times) {
                wait();
            }
        }
    }

    private static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Ctrl-C from another thread, as a signal arrives, while the command's thread waits: it lands at this point of
     * the command and nowhere else.
     */
    private static void pressCtrlC(org.jline.terminal.Terminal line) {
        Thread signal = new Thread(() -> line.raise(org.jline.terminal.Terminal.Signal.INT), "test-sigint");
        signal.start();
        try {
            signal.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class InputStream0 {
        static final java.io.InputStream EMPTY = java.io.InputStream.nullInputStream();
    }

    @Test
    void ctrlCBetweenTokensStopsGenerateWithWhatItHasAndTheShellGoesOn() {
        Session s = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(
                "generate \"Once upon a time\" -n 200 --temp 0\ntokenize --count hi\nexit\n", null, 2));
        assertTrue(s.stderr().contains("llmx generate: 1 token (interrupted)"),
                "stopped after the first token, timings still printed: " + s.stderr());
        assertTrue(s.stdout().contains("chars/token"), "the next line ran: " + s.stdout());
        assertEquals(List.of(), s.forcedExits());
    }

    @Test
    void ctrlCDuringThePromptCancelsTheCommandWithOneLine() {
        Session s = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(
                "generate \"Once upon a time\" -n 200 --temp 0\ntokenize --count hi\nexit\n", null, 1));
        assertTrue(s.stderr().startsWith("llmx generate: cancelled\n"), s.stderr());
        assertTrue(s.stdout().contains("chars/token"), "the shell went on: " + s.stdout());
    }

    @Test
    void aSecondCtrlCWhileTheCommandStillRunsLeavesLlmx() {
        Session s = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(
                "generate \"Once upon a time\" -n 200 --temp 0\nexit\n", null, 2, 2));
        assertEquals(List.of(InteractiveShell.EXIT_INTERRUPTED), s.forcedExits());
        assertTrue(s.stderr().contains("llmx repl: the command did not stop; leaving\n"), s.stderr());
    }

    @Test
    void ctrlCAtThePromptOnlyClearsTheLine() {
        String prompt = "llmx:" + keeper.displayName() + "> ";
        Session s = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(List.of(
                new Keys(prompt, 1, "tokenize --count first"),
                new Keys("first", 1, null),
                new Keys(prompt, 2, "tokenize --count second\nexit\n")), null));
        String[] rows = s.stdout().strip().split("\n");
        assertEquals(2, rows.length, "one command ran, the interrupted line was dropped: " + s.stdout());
        assertEquals("6", rows[1].trim().split("\\s+")[2], "its text was 'second' (6 chars): " + s.stdout());
    }

    @Test
    void anUnwritableHistoryFileLeavesHistoryInMemoryWithoutComplaint(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        Files.createDirectory(history);  // a folder where the file should be: it cannot be written
        java.io.PrintStream realErr = System.err;
        ByteArrayOutputStream jvmErr = new ByteArrayOutputStream();
        Session s;
        System.setErr(new java.io.PrintStream(jvmErr, true, StandardCharsets.UTF_8));
        try {
            s = run("tokenize --count hi\nexit\n", history);
        } finally {
            System.setErr(realErr);
        }
        assertTrue(s.stdout().contains("chars/token"), s.stdout());
        assertEquals("", s.stderr());
        assertEquals("", jvmErr.toString(StandardCharsets.UTF_8), "no stack trace from the line editor");
    }

    @Test
    void historyIsWrittenToTheDataFile(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("sub/llmx/history");
        run("tokenize --count hi\n:info\nexit\n", history);
        List<String> lines = Files.readAllLines(history);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("tokenize --count hi")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(":info")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.endsWith("exit")), "Up after a restart is not 'exit': " + lines);
    }
}
