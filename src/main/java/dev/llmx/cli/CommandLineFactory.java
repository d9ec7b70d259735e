package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.render.Style;
import dev.llmx.render.Terminal;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the {@code llmx} command tree wired to a terminal; used by {@code Main}, the tests and the REPL. */
public final class CommandLineFactory {
    /**
     * Every subcommand, by the name it is invoked with. Building a picocli command reads its annotations
     * reflectively, which costs milliseconds per command at start-up, so a plain invocation builds only the one
     * it runs (see {@link #forArguments}).
     */
    private static final List<String> SUBCOMMANDS = List.of("tokenize", "inspect", "embed", "attend", "layers", "route",
            "logits", "attribute", "sample", "generate", "chat", "perplexity", "kv-cost", "quantize", "bench", "train",
            "repl");

    /** A new command object for {@code name} (a switch rather than method references: no lambda bootstrap). */
    private static Object newSubcommand(String name) {
        switch (name) {
            case "tokenize":
                return new TokenizeCommand();
            case "inspect":
                return new InspectCommand();
            case "embed":
                return new EmbedCommand();
            case "attend":
                return new AttendCommand();
            case "layers":
                return new LayersCommand();
            case "route":
                return new RouteCommand();
            case "logits":
                return new LogitsCommand();
            case "sample":
                return new SampleCommand();
            case "generate":
                return new GenerateCommand();
            case "attribute":
                return new AttributeCommand();
            case "perplexity":
                return new PerplexityCommand();
            case "chat":
                return new ChatCommand();
            case "kv-cost":
                return new KvCostCommand();
            case "quantize":
                return new QuantizeCommand();
            case "bench":
                return new BenchCommand();
            case "train":
                return new TrainCommand();
            case "repl":
                return new ReplCommand();
            default:
                throw new IllegalArgumentException("no subcommand " + name);
        }
    }

    private CommandLineFactory() {
    }

    /** The names of all subcommands, in registration order. */
    public static List<String> subcommandNames() {
        return SUBCOMMANDS;
    }

    /** The full tree with every subcommand (help, completion, the REPL). */
    public static CommandLine create(Terminal terminal) {
        return build(new LlmxCommand(terminal), null);
    }

    /**
     * The tree needed to run {@code args}: when they name a subcommand, only that one is built; otherwise (help,
     * a typo that deserves suggestions) all of them.
     */
    public static CommandLine forArguments(Terminal terminal, String[] args) {
        return forArguments(new LlmxCommand(terminal), args);
    }

    /**
     * Runs {@code args} (as typed: {@code help COMMAND} and command prefixes are understood, see
     * {@link CommandNames}) and returns the exit code; Main and the tests run commands this way.
     */
    public static int execute(Terminal terminal, String[] args) {
        String[] named;
        try {
            named = CommandNames.normalise(args);
        } catch (UsageException e) {
            terminal.err().println(new Style(terminal.colorOnStderr()).error("llmx:") + " " + e.getMessage()
                    + " (see 'llmx --help')");
            terminal.err().flush();
            return ErrorReporter.EXIT_USAGE;
        }
        return forArguments(terminal, named).execute(named);
    }

    /** Like {@link #forArguments(Terminal, String[])} for a command the REPL runs with the model it keeps. */
    public static CommandLine forRepl(Terminal terminal, ModelKeeper keeper, boolean debug, String[] args) {
        return forArguments(new LlmxCommand(terminal, keeper, debug), args);
    }

    private static CommandLine forArguments(LlmxCommand root, String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return build(root, SUBCOMMANDS.contains(arg) ? arg : null);
            }
        }
        return build(root, null);
    }

    private static CommandLine build(LlmxCommand root, String only) {
        Terminal terminal = root.terminal();
        CommandLine cmd = new CommandLine(root);
        for (String name : SUBCOMMANDS) {
            if (only == null || only.equals(name)) {
                cmd.addSubcommand(name, newSubcommand(name));
            }
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            // -h/--help on every command, declared once here rather than on each class.
            sub.getCommandSpec().mixinStandardHelpOptions(true);
            sameHeadings(sub);
        }
        sameHeadings(cmd);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpWidth(Math.max(60, Math.min(terminal.width(), 120)));
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

    /**
     * Every help screen has the same shape: usage, summary line, description, then "Arguments:" and "Options:"
     * (picocli leaves out a heading whose list is empty) and the footer's "Examples:".
     */
    private static void sameHeadings(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .parameterListHeading("%nArguments:%n")
                .optionListHeading("%nOptions:%n");
    }
}
