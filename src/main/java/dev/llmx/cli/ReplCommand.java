package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.cli.repl.HistoryFile;
import dev.llmx.cli.repl.InteractiveShell;
import dev.llmx.cli.repl.Repl;
import dev.llmx.cli.repl.ScriptShell;
import dev.llmx.render.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Optional;

/** {@code llmx repl}: a shell that loads a model once and runs every llmx command against it. */
@Command(name = "repl",
        description = {
            "Interactive shell: load a model once and keep it for every command.",
            "",
            "Run 'llmx repl' on a terminal. Every llmx command works inside with the same syntax, without the",
            "'llmx' prefix, and uses the loaded model unless -m names another. ':model PATH' loads another,",
            "':info' shows what is loaded, ':time' times each command, ':help' lists the rest. Tab completes",
            "commands, options, file paths and tokenizer names; history is kept in",
            "$XDG_DATA_HOME/llmx/history (~/.local/share/llmx/history; LLMX_HISTORY overrides it, empty keeps",
            "none). Ctrl-C cancels a running command; Ctrl-D or 'exit' leaves. When standard input is not a",
            "terminal, the lines are read as a script: no prompt, and the exit status is that of the last",
            "line that failed (0 if none did). --format sets how ':info' prints."
        },
        footer = {
            "",
            "Examples:",
            "  printf ':info\\n' | llmx repl",
            "  printf 'tokenize hello\\ngenerate \"Once upon a time\" -n 20 --temp 0\\n' | llmx repl",
            "  printf ':time on\\nlogits --top 3 \"Once upon a time\"\\nlogits --top 3 \"Lily\"\\n' | llmx repl"
        })
public final class ReplCommand extends LlmxSubcommand {
    @Mixin
    ModelOption model;

    @Override
    protected int execute() throws Exception {
        LlmxCommand root = (LlmxCommand) spec.root().userObject();
        if (root.keeper().isPresent()) {
            throw new UsageException("already in the REPL; use ':model PATH' to load another model");
        }
        Terminal terminal = terminal();
        Optional<Path> history = HistoryFile.locate(System.getenv(), System.getProperty("user.home"));
        try (ModelKeeper keeper = ModelKeeper.load(model.resolve(), terminal)) {
            Repl repl = new Repl(terminal, keeper, new Repl.Settings(HistoryFile.describe(history), format(),
                    root.debug()));
            if (!terminal.stdinIsTerminal()) {
                return new ScriptShell(repl, terminal.in()).run();
            }
            terminal.info(String.format("llmx repl: %s loaded in %.0f ms; ':help' for help, Ctrl-D to leave",
                    keeper.path(), keeper.loadNanos() / 1e6));
            try (org.jline.terminal.Terminal lineTerminal = TerminalBuilder.builder()
                    .name("llmx").system(true).nativeSignals(true).dumb(true).build()) {
                return new InteractiveShell(repl, lineTerminal, history,
                        () -> CommandLineFactory.create(terminal), System::exit, terminal.colorOnStdout()).run();
            }
        }
    }
}
