package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error lines name the command the user ran and suggest only what that command has. */
class ErrorLinesTest {
    /** A heap that runs out is the usual case; any other memory the JVM names (direct buffers, threads) is said. */
    @Test
    void outOfMemorySaysWhichMemoryWhenItIsNotTheHeap() {
        assertEquals("out of memory; give Java more with LLMX_JAVA_OPTS=-Xmx8g or use a smaller input",
                ErrorReporter.describe(new OutOfMemoryError("Java heap space")));
        assertEquals("out of memory (Direct buffer memory); give Java more with LLMX_JAVA_OPTS=-Xmx8g or use a smaller"
                + " input", ErrorReporter.describe(new OutOfMemoryError("Direct buffer memory")));
    }

    @Test
    void anInvalidInheritedOptionNamesTheCommand() {
        CliRunner.Result r = CliRunner.cli().run("tokenize", "--color", "bogus", "hi");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("llmx tokenize: --color must be auto, always or never, not 'bogus' (see 'llmx tokenize --help')\n",
                r.stderr());
        CliRunner.Result repl = CliRunner.cli().stdin("tokenize --color bogus hi\n").run("repl");
        assertTrue(repl.stderr().startsWith("llmx tokenize: --color must be"), "in the REPL too: " + repl.stderr());
    }

    @Test
    void invalidUtf8InAPromptFileDoesNotSuggestAnOptionTheCommandLacks(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bad.txt"), new byte[] {'h', 'i', (byte) 0xFF});
        for (String command : new String[] {"generate", "logits"}) {
            CliRunner.Result r = CliRunner.cli().run(command, "-f", file.toString());
            assertEquals(1, r.exitCode(), r::toString);
            assertEquals("llmx " + command + ": " + file + ": invalid UTF-8 at byte offset 2 (byte 0xFF); fix the "
                    + "input (it must be UTF-8)\n", r.stderr());
        }
        CliRunner.Result tokenize = CliRunner.cli().run("tokenize", "-f", file.toString());
        assertTrue(tokenize.stderr().contains("--lossy"), "tokenize has --lossy: " + tokenize.stderr());
    }

    @Test
    void noHelpScreenMakesPicocliWarn() {
        PrintStream realErr = System.err;
        ByteArrayOutputStream jvmErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(jvmErr, true, StandardCharsets.UTF_8));
        try {
            for (String name : CommandLineFactory.subcommandNames()) {
                CliRunner.cli().run(name, "--help");
            }
        } finally {
            System.setErr(realErr);
        }
        assertFalse(jvmErr.toString(StandardCharsets.UTF_8).contains("WARN"), jvmErr.toString(StandardCharsets.UTF_8));
    }
}
