package dev.llmx.cli.repl;

import dev.llmx.Cancellation;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStyle;
import org.jline.utils.AttributedStringBuilder;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The REPL on a terminal: JLine line editing with completion and persisted history, a prompt naming the loaded
 * model, and Ctrl-C that cancels the running command instead of leaving. Ctrl-C at the prompt clears the line;
 * Ctrl-D on an empty line or {@code exit} leaves.
 *
 * <p>Cancelling asks the thread running the command to stop at its next checkpoint (see
 * {@link dev.llmx.Cancellation}); {@code generate} stops between tokens and still prints what it made. A command
 * that does not stop leaves the user a way out: a second Ctrl-C while it still runs ends llmx.
 */
public final class InteractiveShell {
    /** The shell's exit status after a second Ctrl-C: as if SIGINT had ended the process. */
    static final int EXIT_INTERRUPTED = 130;

    /**
     * JLine reports trouble (a history file it cannot write) through java.util.logging, whose default handler prints
     * stack traces on standard error; the shell handles those cases itself. Held here so the setting lasts.
     */
    private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

    private final Repl repl;
    private final Terminal terminal;
    private final Optional<Path> historyFile;
    private final Supplier<CommandLine> tree;
    private final IntConsumer forceExit;
    private final boolean color;
    private Thread running;
    private int interrupts;

    /**
     * @param tree      the full command tree, for completion (built at the first Tab)
     * @param forceExit ends the process; called on a second Ctrl-C while a command still runs
     */
    public InteractiveShell(Repl repl, Terminal terminal, Optional<Path> historyFile, Supplier<CommandLine> tree,
                            IntConsumer forceExit, boolean color) {
        this.repl = repl;
        this.terminal = terminal;
        this.historyFile = historyFile;
        this.tree = tree;
        this.forceExit = forceExit;
        this.color = color;
    }

    public int run() {
        JLINE_LOG.setLevel(Level.OFF);
        LineReader reader = lineReader();
        terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        try {
            while (!repl.leaving()) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                execute(line);
            }
        } finally {
            saveHistory(reader);
        }
        return 0;
    }

    private LineReader lineReader() {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("llmx")
                .parser(CommandWords.parser())
                .completer(new ReplCompleter(tree))
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                // '!' is ordinary text in prompts ("Hello!"), not history expansion.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // Leaving is not worth recalling: after a restart, Up should give the last real command.
                .variable(LineReader.HISTORY_IGNORE, "exit:quit")
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true);
        historyFile.filter(InteractiveShell::prepare).ifPresent(f -> builder.variable(LineReader.HISTORY_FILE, f));
        return builder.build();
    }

    /** Whether the history file can be written (its folder made if need be); if not, history stays in memory. */
    private static boolean prepare(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.exists(file) ? Files.isRegularFile(file) && Files.isWritable(file)
                    : parent == null || Files.isWritable(parent);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // History is a convenience: failing to write it must not turn leaving into an error.
        }
    }

    private String prompt() {
        String text = "llmx:" + repl.modelName() + "> ";
        if (!color) {
            return text;
        }
        return new AttributedStringBuilder().style(AttributedStyle.BOLD).append(text).style(AttributedStyle.DEFAULT)
                .toAnsi(terminal);
    }

    /** Runs a line, marking this thread as the one a Ctrl-C interrupts. */
    private void execute(String line) {
        synchronized (this) {
            running = Thread.currentThread();
            interrupts = 0;
        }
        try {
            repl.run(line);
        } finally {
            synchronized (this) {
                running = null;
                // A Ctrl-C that came as the command ended must not reach the next one.
                Cancellation.clear();
            }
        }
    }

    /** Ctrl-C while a command runs: cancel it; a second one while it still runs ends llmx. */
    synchronized void interrupt() {
        if (running == null) {
            return;
        }
        interrupts++;
        if (interrupts == 1) {
            Cancellation.request(running);
            return;
        }
        // On standard error like every llmx message, not through the line editor's screen, whose input echo runs
        // on JLine's own thread and could interleave with it.
        repl.warn("the command did not stop; leaving");
        forceExit.accept(EXIT_INTERRUPTED);
    }
}
