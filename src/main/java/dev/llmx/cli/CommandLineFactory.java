package dev.llmx.cli;

import dev.llmx.render.Style;
import dev.llmx.render.Terminal;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Builds the {@code llmx} command tree wired to a terminal; used by {@code Main}, the tests and the REPL. */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    public static CommandLine create() {
        return create(Terminal.system());
    }

    public static CommandLine create(Terminal terminal) {
        CommandLine cmd = new CommandLine(new LlmxCommand(terminal));
        // subcommands are registered below
        cmd.addSubcommand(new InspectCommand());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(new PrintWriter(new OutputStreamWriter(terminal.out(), StandardCharsets.UTF_8), true));
        cmd.setErr(terminal.err());
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(
                terminal.colorOnStdout() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        ErrorReporter errors = new ErrorReporter(terminal.err(), new Style(terminal.colorOnStderr()));
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        CommandGroups.install(cmd);
        return cmd;
    }
}
