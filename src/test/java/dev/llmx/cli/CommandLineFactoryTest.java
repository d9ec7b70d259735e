package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineFactoryTest {
    private static dev.llmx.render.Terminal terminal() {
        return new dev.llmx.render.Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, false, false, false, 100);
    }

    @Test
    void everyRegisteredNameIsTheCommandsOwnName() {
        CommandLine all = CommandLineFactory.create(terminal());
        assertEquals(CommandLineFactory.subcommandNames(), java.util.List.copyOf(all.getSubcommands().keySet()));
        for (var e : all.getSubcommands().entrySet()) {
            assertEquals(e.getKey(), e.getValue().getCommandSpec().name());
            assertTrue(e.getValue().getCommandSpec().mixinStandardHelpOptions(), e.getKey() + " has -h");
        }
    }

    @Test
    void aPlainInvocationBuildsOnlyItsCommand() {
        CommandLine one = CommandLineFactory.forArguments(terminal(), new String[] {"tokenize", "x"});
        assertEquals(java.util.Set.of("tokenize"), one.getSubcommands().keySet());
        CommandLine help = CommandLineFactory.forArguments(terminal(), new String[] {"--help"});
        assertEquals(CommandLineFactory.subcommandNames().size(), help.getSubcommands().size());
    }

    @Test
    void everyStageGroupNamesOnlyKnownCommands() {
        for (var names : CommandGroups.STAGES.values()) {
            for (String n : names) {
                assertTrue(n.matches("[a-z-]+"), n);
            }
        }
        for (String n : CommandLineFactory.subcommandNames()) {
            assertTrue(CommandGroups.STAGES.values().stream().anyMatch(l -> l.contains(n)),
                    n + " belongs to a pipeline stage in --help");
        }
    }

    @Test
    void everyCommandHelpsAndSaysSoWithExitZero() {
        for (String n : CommandLineFactory.subcommandNames()) {
            CliRunner.Result r = CliRunner.cli().run(n, "--help");
            assertEquals(0, r.exitCode(), n);
            assertTrue(r.stdout().startsWith("Usage: llmx " + n), r.stdout());
        }
    }
}
