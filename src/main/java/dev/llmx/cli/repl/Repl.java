package dev.llmx.cli.repl;

import dev.llmx.Cancellation;
import dev.llmx.CancelledException;
import dev.llmx.UsageException;
import dev.llmx.cli.CommandLineFactory;
import dev.llmx.cli.CommandNames;
import dev.llmx.cli.ErrorReporter;
import dev.llmx.cli.FormatOption;
import dev.llmx.cli.ModelKeeper;
import dev.llmx.render.Format;
import dev.llmx.render.OutputClosedException;
import dev.llmx.render.Renderer;
import dev.llmx.render.Style;
import dev.llmx.render.Terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What the REPL does with one line, whoever typed it: an llmx command (the same syntax as on the command line,
 * without the {@code llmx} prefix) run with the kept model, or one of the REPL's own colon commands. A failing line
 * prints its one-line error and the REPL goes on; the exit status of the last failure is remembered for scripts.
 */
public final class Repl {
    static final String HELP = String.join("\n",
            "Commands are llmx's, without the 'llmx' prefix, e.g.:",
            "  tokenize \"Hello world\"          logits --top 5 \"Once upon a time\"",
            "  generate -n 40 --temp 0 \"Lily\"  kv-cost --preset llama-3.1-8b -c 8192",
            "They use the loaded model unless -m names another. 'help' lists them; 'COMMAND --help' shows one.",
            "",
            "REPL commands:",
            "  :model PATH     load another model (GGUF file or Hugging Face folder) and keep it",
            "  :info           what is loaded: file, shape, kernels, load time",
            "  :time [on|off]  print how long each command takes (on standard error)",
            "  :help           this text",
            "  exit, :quit     leave (or Ctrl-D)",
            "",
            "Tab completes commands, options, file paths and tokenizer names. Ctrl-C cancels a running command.",
            "History is kept in " + "%s.");

    /**
     * What {@code llmx repl} was started with that holds for the whole session.
     *
     * @param historyDescription where history is kept, for {@code :help}
     * @param infoFormat         how {@code :info} prints without {@code --format} ({@code llmx repl --format})
     * @param debug              {@code llmx repl --debug}: stack traces for every failing command
     */
    public record Settings(String historyDescription, Format infoFormat, boolean debug) {
    }

    private final Terminal terminal;
    private final ModelKeeper keeper;
    private final Settings settings;
    private boolean timing;
    private boolean leaving;
    private int lastFailure;

    /** @param terminal where commands write (its standard input is not theirs to read) */
    public Repl(Terminal terminal, ModelKeeper keeper, Settings settings) {
        this.terminal = terminal.withoutInput();
        this.keeper = keeper;
        this.settings = settings;
    }

    /** Whether {@code exit} was asked for. */
    public boolean leaving() {
        return leaving;
    }

    /** The exit status of the last line that failed, 0 if none did: the REPL's own exit status in a script. */
    public int lastFailure() {
        return lastFailure;
    }

    /** The kept model's name, for the prompt: its file or folder name without .gguf. */
    public String modelName() {
        return keeper.displayName();
    }

    /** Runs one line and returns its exit status. */
    public int run(String line) {
        long start = System.nanoTime();
        int status;
        try {
            status = dispatch(CommandWords.split(line));
        } catch (UsageException e) {
            status = fail(e.getMessage() + " (see ':help')", 2);
        } catch (CancelledException e) {
            status = fail("cancelled", 130);
        } catch (OutputClosedException e) {
            // The reader of our output left (| head): so does the REPL, quietly, as a command would.
            leaving = true;
            status = 0;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError | InternalError e) {
            // Picocli hands Errors on; the REPL must survive a command that ran out of memory, or one whose model
            // file was truncated under its mapping (an InternalError, see MappedFileFault).
            status = fail(ErrorReporter.describe(e), 1);
        } finally {
            // A cancel that arrived after the command's last checkpoint must not reach the next command, and a
            // line's own -q or --color must not outlive it.
            Cancellation.clear();
            terminal.quiet(false);
            terminal.overrideColor(null);
            flush();
        }
        if (status != 0) {
            lastFailure = status;
        }
        if (timing) {
            terminal.err().printf("(%.1f ms)%n", (System.nanoTime() - start) / 1e6);
            terminal.err().flush();
        }
        return status;
    }

    /** A message about the session itself ({@code llmx repl: …}) on standard error, whatever {@code -q} says. */
    public void warn(String message) {
        fail(message, 1);
    }

    /** A line that could not even be read (invalid UTF-8 in a script): reported and counted as a failure. */
    public void reject(String message) {
        lastFailure = fail(message, 1);
    }

    private int dispatch(List<String> words) {
        if (words.isEmpty()) {
            return 0;
        }
        String first = words.get(0);
        if (first.equals("llmx") && words.size() > 1) {
            // A line pasted from the docs or a shell history.
            return dispatch(words.subList(1, words.size()));
        }
        if (!first.startsWith(":") && !first.startsWith("-")) {
            first = CommandNames.expand(first);  // gen → generate, as on the command line
            words = new java.util.ArrayList<>(words);
            words.set(0, first);
        }
        List<String> rest = words.subList(1, words.size());
        switch (first) {
            case "exit", "quit", ":quit", ":exit", ":q" -> {
                leaving = true;
                return 0;
            }
            case ":help", "?" -> {
                return print(String.format(HELP, settings.historyDescription()));
            }
            case "help" -> {
                return rest.isEmpty() ? runCommand(new String[] {"--help"})
                        : runCommand(new String[] {CommandNames.expand(rest.get(0)), "--help"});
            }
            case ":info" -> {
                return info(rest);
            }
            case ":model" -> {
                return switchModel(rest);
            }
            case ":time" -> {
                return time(rest);
            }
            case "repl" -> {
                throw new UsageException("already in the REPL; use ':model PATH' to load another model");
            }
            default -> {
                if (first.startsWith(":")) {
                    throw new UsageException(unknown("REPL command", first, ReplCompleter.REPL_COMMANDS.keySet()));
                }
                if (!first.startsWith("-") && !CommandLineFactory.subcommandNames().contains(first)) {
                    List<String> names = new java.util.ArrayList<>(CommandLineFactory.subcommandNames());
                    names.addAll(ReplCompleter.REPL_COMMANDS.keySet());
                    throw new UsageException(unknown("command", first, names));
                }
                return runCommand(words.toArray(new String[0]));
            }
        }
    }

    private static String unknown(String what, String typed, java.util.Collection<String> names) {
        List<String> close = ClosestNames.to(typed, names);
        close.remove("repl");
        return "unknown " + what + " '" + typed + "'" + (close.isEmpty() ? "" : "; did you mean "
                + String.join(" or ", close) + "?");
    }

    private int runCommand(String[] args) {
        return CommandLineFactory.forRepl(terminal, keeper, settings.debug(), args).execute(args);
    }

    private int info(List<String> args) {
        Format format = settings.infoFormat();
        if (args.size() == 2 && args.get(0).equals("--format")) {
            format = Format.fromCliName(args.get(1))
                    .orElseThrow(() -> new UsageException(FormatOption.unknown(args.get(1))));
        } else if (!args.isEmpty()) {
            throw new UsageException(":info takes no arguments but --format FORMAT");
        }
        try (Renderer out = new Renderer(terminal, format, false)) {
            out.emit(keeper.info());
        }
        return 0;
    }

    private int switchModel(List<String> args) {
        if (args.size() != 1) {
            throw new UsageException(":model takes one path (a GGUF file or a Hugging Face folder)");
        }
        keeper.switchTo(Path.of(args.get(0)));
        return say("loaded " + keeper.path() + String.format(" in %.0f ms", keeper.loadNanos() / 1e6));
    }

    private int time(List<String> args) {
        if (args.isEmpty()) {
            timing = !timing;
        } else if (args.size() == 1 && (args.get(0).equals("on") || args.get(0).equals("off"))) {
            timing = args.get(0).equals("on");
        } else {
            throw new UsageException(":time takes on or off");
        }
        return say("timing " + (timing ? "on" : "off"));
    }

    /** A REPL message: on standard error, like every message, so scripts' standard output holds only data. */
    private int say(String message) {
        terminal.info(message);
        return 0;
    }

    /** Text the user asked for (:help): on standard error too, but even with --quiet. */
    private int print(String text) {
        terminal.err().println(text);
        terminal.err().flush();
        return 0;
    }

    private int fail(String message, int status) {
        Style style = new Style(terminal.colorOnStderr());
        terminal.err().println(style.error("llmx repl:") + " " + message);
        terminal.err().flush();
        return status;
    }

    private void flush() {
        try {
            terminal.out().flush();
        } catch (IOException e) {
            // Standard output was closed by its reader: nothing more can be shown, so the session ends.
            leaving = true;
        }
    }
}
