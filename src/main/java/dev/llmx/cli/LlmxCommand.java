package dev.llmx.cli;

import dev.llmx.render.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.Optional;

/**
 * The root command, {@code llmx}. It holds what every subcommand shares: the terminal (streams and colour
 * policy), {@code --debug}, {@code --color} and {@code --quiet}. Run without a subcommand it prints the help.
 */
@Command(name = "llmx",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Open up a large language model one step at a time:",
            "text → tokens → embeddings → layers → logits → sampling → next token."
        },
        footer = {
            "",
            "Every command takes --format table|json|jsonl|csv|md and -h. Data goes to standard output,",
            "messages to standard error. Exit codes: 0 ok, 1 bad data or runtime failure, 2 bad usage.",
            "Run 'llmx COMMAND --help' for a command's options and examples."
        })
public final class LlmxCommand implements Runnable {
    private final Terminal terminal;
    private final ModelKeeper keeper;
    private final boolean debugAlways;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the error message.")
    boolean debug;

    @Option(names = "--color", paramLabel = "WHEN", scope = ScopeType.INHERIT, defaultValue = "auto",
            completionCandidates = ValueCandidates.Color.class,
            description = "Colour: auto (terminal only, never with NO_COLOR), always or never.")
    void color(String when) {
        switch (when) {
            case "auto" -> terminal.overrideColor(null);
            case "always" -> terminal.overrideColor(Boolean.TRUE);
            case "never" -> terminal.overrideColor(Boolean.FALSE);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--color must be auto, always or never, not '" + when + "'");
        }
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, defaultValue = "false",
            description = "No progress bars and no informational messages on standard error (errors still print).")
    void quiet(boolean quiet) {
        terminal.quiet(quiet);
    }

    public LlmxCommand(Terminal terminal) {
        this(terminal, null, false);
    }

    /**
     * The root of one command run inside the REPL, whose commands use the model {@code keeper} holds;
     * {@code debugAlways} is {@code llmx repl --debug}.
     */
    public LlmxCommand(Terminal terminal, ModelKeeper keeper, boolean debugAlways) {
        this.terminal = terminal;
        this.keeper = keeper;
        this.debugAlways = debugAlways;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** The model the REPL keeps loaded, when running inside it. */
    public Optional<ModelKeeper> keeper() {
        return Optional.ofNullable(keeper);
    }

    public boolean debug() {
        return debug || debugAlways;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
