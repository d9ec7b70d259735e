package dev.llmx.cli;

import dev.llmx.CancelledException;
import dev.llmx.LlmxException;
import dev.llmx.MappedFileFault;
import dev.llmx.UsageException;
import dev.llmx.render.OutputClosedException;
import dev.llmx.render.Style;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns every failure into one line on standard error, {@code llmx <command>: <message>}, and an exit code:
 * 1 for bad data and runtime failures, 2 for bad usage. A stack trace only with {@code --debug}.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    /** A command cancelled by Ctrl-C: the shell's status for a process ended by SIGINT. */
    static final int EXIT_CANCELLED = 130;

    private final PrintWriter err;
    private final Style style;

    ErrorReporter(PrintWriter err, Style style) {
        this.err = err;
        this.style = style;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = commandNamedIn(ex.getCommandLine(), args);
        String message = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            var suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
            }
        }
        print(cmd, message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return EXIT_USAGE;
    }

    /**
     * The subcommand {@code args} run, when picocli reports a problem at the root: an inherited option such as
     * {@code --color} is checked by the root's setter, yet the error line names the command the user typed.
     */
    private static CommandLine commandNamedIn(CommandLine reported, String[] args) {
        if (reported.getParent() != null) {
            return reported;
        }
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                CommandLine sub = reported.getSubcommands().get(arg);
                return sub != null ? sub : reported;
            }
        }
        return reported;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof OutputClosedException) {
            // The reader of our output left (| head): nothing to report.
            return 0;
        }
        if (ex instanceof CancelledException) {
            print(cmd, "cancelled");
            return EXIT_CANCELLED;
        }
        if (ex instanceof UsageException) {
            print(cmd, ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        }
        print(cmd, describe(ex));
        if (debugRequested(cmd)) {
            ex.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    /** The one-line message for a failure; unexpected ones say so and how to see more. */
    public static String describe(Throwable ex) {
        if (ex instanceof LlmxException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file";
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (ex instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "cannot be read");
        }
        if (ex instanceof IOException) {
            return "I/O error: " + ex.getMessage();
        }
        if (MappedFileFault.in(ex)) {
            return MappedFileFault.MESSAGE;
        }
        if (ex instanceof OutOfMemoryError) {
            // The JVM's own words when it is not the heap (direct buffers, metaspace, threads): another remedy.
            String kind = ex.getMessage() == null || ex.getMessage().equals("Java heap space") ? ""
                    : " (" + ex.getMessage() + ")";
            return "out of memory" + kind + "; give Java more with LLMX_JAVA_OPTS=-Xmx8g or use a smaller input";
        }
        return "internal error: " + ex + " (run with --debug for the stack trace, and please report it)";
    }

    private void print(CommandLine cmd, String message) {
        String oneLine = message == null ? "failed" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        err.println(style.error(cmd.getCommandSpec().qualifiedName() + ":") + " " + oneLine);
        err.flush();
    }

    private static boolean debugRequested(CommandLine cmd) {
        Object root = cmd.getCommandSpec().root().userObject();
        return root instanceof LlmxCommand l && l.debug();
    }
}
