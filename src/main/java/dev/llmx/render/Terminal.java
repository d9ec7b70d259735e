package dev.llmx.render;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a command's bytes go and what is on the other end.
 *
 * <p>Data goes to {@link #out()}, messages and progress to {@link #err()}; both are UTF-8 whatever the platform
 * default. Whether each stream is a terminal decides colour and pictures: the {@code ./llmx} launcher tells us
 * ({@code -Dllmx.tty=<in><out><err>} as three 0/1 digits, because JDK 17 cannot ask isatty per stream), and
 * without it we fall back to {@link System#console()}.
 */
public final class Terminal {
    /** Columns assumed when the width of the terminal is unknown (pipes, files). */
    public static final int DEFAULT_WIDTH = 100;

    private final InputStream in;
    private final OutputStream out;
    private final PrintWriter err;
    private final boolean stdinTty;
    private final boolean stdoutTty;
    private final boolean stderrTty;
    private final boolean colorAllowed;
    private final int width;
    private Boolean colorOverride;
    private boolean quiet;
    /** {@code llmx repl --quiet}: quiet for every command the REPL runs, whatever each line says. */
    private final boolean alwaysQuiet;
    /** {@code llmx repl --color always|never}: the colour of every command the REPL runs that says auto. */
    private final Boolean colorDefault;

    public Terminal(InputStream in, OutputStream out, OutputStream err, boolean stdinTty, boolean stdoutTty,
                    boolean stderrTty, boolean colorAllowed, int width) {
        this(in, out, new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true), stdinTty, stdoutTty,
                stderrTty, colorAllowed, width, false, null);
    }

    private Terminal(InputStream in, OutputStream out, PrintWriter err, boolean stdinTty, boolean stdoutTty,
                     boolean stderrTty, boolean colorAllowed, int width, boolean alwaysQuiet, Boolean colorDefault) {
        this.alwaysQuiet = alwaysQuiet;
        this.colorDefault = colorDefault;
        this.in = in;
        this.out = out;
        this.err = err;
        this.stdinTty = stdinTty;
        this.stdoutTty = stdoutTty;
        this.stderrTty = stderrTty;
        this.colorAllowed = colorAllowed;
        this.width = width;
    }

    /**
     * The process's real standard streams, described by the launcher's hints and the environment; {@code err} is the
     * stream for messages (see {@link dev.llmx.io.LauncherStreams}).
     */
    public static Terminal system(OutputStream err) {
        String hint = System.getProperty("llmx.tty");
        boolean consoleFallback = hint == null && System.console() != null;
        boolean inTty = hint != null ? flag(hint, 0) : consoleFallback;
        boolean outTty = hint != null ? flag(hint, 1) : consoleFallback;
        boolean errTty = hint != null ? flag(hint, 2) : consoleFallback;
        Map<String, String> env = System.getenv();
        return new Terminal(
                new FileInputStream(FileDescriptor.in),
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                err,
                inTty, outTty, errTty,
                colorPermitted(env),
                widthFrom(System.getProperty("llmx.columns"), env.get("COLUMNS")));
    }

    /** NO_COLOR (any non-empty value, see no-color.org) and TERM=dumb forbid colour. */
    public static boolean colorPermitted(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return !"dumb".equals(env.get("TERM"));
    }

    static int widthFrom(String... candidates) {
        for (String c : candidates) {
            if (c == null) {
                continue;
            }
            try {
                int w = Integer.parseInt(c.trim());
                if (w >= 20 && w <= 1000) {
                    return w;
                }
            } catch (NumberFormatException ignored) {
                // not a number: try the next source
            }
        }
        return DEFAULT_WIDTH;
    }

    private static boolean flag(String hint, int index) {
        return hint.length() > index && hint.charAt(index) == '1';
    }

    /**
     * The same output streams with standard input taken away, for commands the REPL runs: its input is the REPL's
     * own (the next command lines), so a command must not read it; to them it looks like a terminal with no text.
     * A {@code --quiet} or {@code --color} in force now stays in force for them.
     */
    public Terminal withoutInput() {
        return new Terminal(NO_INPUT, out, err, true, stdoutTty, stderrTty, colorAllowed, width,
                quiet(), colorOverride != null ? colorOverride : colorDefault);
    }

    /** The standard input of a terminal made by {@link #withoutInput}: none at all. */
    private static final InputStream NO_INPUT = InputStream.nullInputStream();

    /**
     * Whether this terminal has no standard input for commands (the REPL's: its keyboard is the REPL's own), so a
     * command that would read its text there must ask for it instead of reading nothing.
     */
    public boolean hasNoInput() {
        return in == NO_INPUT;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean stdinIsTerminal() {
        return stdinTty;
    }

    public boolean stdoutIsTerminal() {
        return stdoutTty;
    }

    public boolean stderrIsTerminal() {
        return stderrTty;
    }

    /** Columns available for tables and pictures on standard output. */
    public int width() {
        return width;
    }

    /** {@code --color always|never} from the command line; {@code null} means auto. */
    public void overrideColor(Boolean always) {
        this.colorOverride = always;
    }

    /** Colour on standard output: only on a terminal, never with NO_COLOR, unless {@code --color} says otherwise. */
    public boolean colorOnStdout() {
        Boolean forced = colorOverride != null ? colorOverride : colorDefault;
        if (forced != null) {
            return forced;
        }
        return colorAllowed && stdoutTty;
    }

    /** Colour in messages on standard error: the same policy, judged by standard error's own terminal. */
    public boolean colorOnStderr() {
        Boolean forced = colorOverride != null ? colorOverride : colorDefault;
        if (forced != null) {
            return forced;
        }
        return colorAllowed && stderrTty;
    }

    /** {@code --quiet}: no progress bars and no informational messages on standard error; errors still print. */
    public void quiet(boolean quiet) {
        this.quiet = quiet;
    }

    public boolean quiet() {
        return quiet || alwaysQuiet;
    }

    /**
     * Whether progress bars may be drawn: they need a terminal on standard error to redraw in place, and
     * {@code --quiet} turns them off.
     */
    public boolean progressOnStderr() {
        return stderrTty && !quiet();
    }

    /**
     * Prints an informational line on standard error (a note, a hint, timings), unless {@code --quiet}. Every
     * message that is not an error goes through here, so that {@code --quiet} silences them all; errors are printed
     * by the error handler whatever {@code --quiet} says.
     */
    public void info(String line) {
        if (!quiet()) {
            err.println(line);
            err.flush();
        }
    }
}
