package dev.llmx.cli;

import dev.llmx.render.Terminal;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --quiet}/{@code -q}: no progress and no informational messages on standard error; errors still print. */
class QuietOptionTest {
    private static final String[] GENERATE = {"generate", "-n", "3", "--temp", "0", "Once upon a time"};

    @Test
    void quietDropsTheTimingsOfGenerateButNotItsOutput() {
        CliRunner.Result loud = CliRunner.cli().run(GENERATE);
        assertEquals(0, loud.exitCode(), loud::toString);
        assertTrue(loud.stderr().startsWith("llmx generate: ") && loud.stderr().contains("prefill"), loud.stderr());
        for (String[] args : new String[][] {
            prepend("-q", GENERATE), prepend("--quiet", GENERATE), append(GENERATE, "-q")}) {
            CliRunner.Result quiet = CliRunner.cli().run(args);
            assertEquals(0, quiet.exitCode(), quiet::toString);
            assertEquals("", quiet.stderr(), String.join(" ", args));
            assertArrayEquals(loud.stdoutBytes(), quiet.stdoutBytes());
        }
    }

    @Test
    void quietDropsNotesButErrorsStillPrint() {
        assertTrue(CliRunner.cli().run("inspect", "--tensors", "no-such-*").stderr().contains("no tensor name"));
        CliRunner.Result note = CliRunner.cli().run("inspect", "-q", "--tensors", "no-such-*");
        assertEquals(0, note.exitCode(), note::toString);
        assertEquals("", note.stderr());

        CliRunner.Result error = CliRunner.cli().run("-q", "tokenize", "--encoding", "no_such_encoding", "hi");
        assertEquals(2, error.exitCode(), error::toString);
        assertTrue(error.stderr().startsWith("llmx tokenize: "), error.stderr());
    }

    @Test
    void quietTurnsOffProgressBarsEvenOnATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err,
                true, true, true, true, 80);
        assertTrue(terminal.progressOnStderr());
        terminal.quiet(true);
        assertFalse(terminal.progressOnStderr());
        terminal.info("a note");
        terminal.quiet(false);
        terminal.info("another note");
        assertEquals("another note\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandLineRunTwiceForgetsTheFirstRunsQuiet() {
        // The REPL runs many commands through one command tree and one terminal.
        Terminal terminal = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, false, false, false, 80);
        CommandLine llmx = CommandLineFactory.create(terminal);
        assertEquals(0, llmx.execute("-q", "kv-cost", "--preset", "llama-3-8b"));
        assertTrue(terminal.quiet());
        assertEquals(0, llmx.execute("kv-cost", "--preset", "llama-3-8b"));
        assertFalse(terminal.quiet());
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String[] append(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }
}
