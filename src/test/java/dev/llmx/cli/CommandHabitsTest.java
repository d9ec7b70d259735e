package dev.llmx.cli;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Habits users bring from git, cargo and Unix tools: help COMMAND, command prefixes, a positional model, '-'. */
class CommandHabitsTest {
    @Test
    void helpCommandIsCommandDashDashHelp() {
        CliRunner.Result help = CliRunner.cli().run("help", "generate");
        assertEquals(0, help.exitCode(), help::toString);
        assertEquals(CliRunner.cli().run("generate", "--help").stdout(), help.stdout());
        assertEquals(CliRunner.cli().run("--help").stdout(), CliRunner.cli().run("help").stdout());
        assertEquals(CliRunner.cli().run("kv-cost", "--help").stdout(), CliRunner.cli().run("help", "kv").stdout());
    }

    @Test
    void anUnambiguousPrefixNamesTheCommandAndAnAmbiguousOneSaysWhichItCouldBe() {
        CliRunner.Result tok = CliRunner.cli().run("tok", "--count", "hello");
        assertEquals(0, tok.exitCode(), tok::toString);
        assertEquals(CliRunner.cli().run("tokenize", "--count", "hello").stdout(), tok.stdout());
        CliRunner.Result ambiguous = CliRunner.cli().run("l", "hi");
        assertEquals(2, ambiguous.exitCode(), ambiguous::toString);
        assertEquals("llmx: 'l' is the start of several commands: layers, logits; type more of the name "
                + "(see 'llmx --help')\n", ambiguous.stderr());
        CliRunner.Result repl = CliRunner.cli().stdin("tok --count hello\nhelp gen\n").run("repl");
        assertEquals(0, repl.exitCode(), repl::toString);
        assertTrue(repl.stdout().contains("chars/token") && repl.stdout().contains("Usage: llmx generate"),
                repl.stdout());
    }

    @Test
    void inspectTakesTheModelAsAnArgument() {
        String path = EmbeddedModel.path().toString();
        CliRunner.Result positional = CliRunner.cli().run("inspect", path);
        assertEquals(0, positional.exitCode(), positional::toString);
        assertEquals(CliRunner.cli().run("inspect", "-m", path).stdout(), positional.stdout());
        CliRunner.Result both = CliRunner.cli().run("inspect", path, "-m", path);
        assertEquals(2, both.exitCode(), both::toString);
    }

    @Test
    void dashAsTheDumpFileIsStandardOutput() throws Exception {
        CliRunner.Result toStdout = CliRunner.cli().run("inspect", "--tensor", "token_embd.weight", "--dump", "-");
        assertEquals(0, toStdout.exitCode(), toStdout::toString);
        Path file = Files.createTempFile("token_embd", ".f32");
        try {
            assertEquals(0, CliRunner.cli().run("inspect", "--tensor", "token_embd.weight", "--dump",
                    file.toString()).exitCode());
            assertArrayEquals(Files.readAllBytes(file), toStdout.stdoutBytes(), "the floats and nothing else");
        } finally {
            Files.delete(file);
        }
        assertTrue(toStdout.stderr().contains("to standard output"), toStdout.stderr());
        CliRunner.Result logits = CliRunner.cli().run("logits", "--dump", "-", "Once upon");
        assertEquals(0, logits.exitCode(), logits::toString);
        assertEquals(0, logits.stdoutBytes().length % (4 * 512), "whole rows of n_vocab float32");
        assertTrue(logits.stdoutBytes().length >= 2 * 4 * 512);
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
        CliRunner.Result quantize = CliRunner.cli().run("quantize", "--type", "Q8_0", "-o", "-");
        assertEquals(2, quantize.exitCode(), quantize::toString);
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
    }
}
