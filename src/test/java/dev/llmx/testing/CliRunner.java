package dev.llmx.testing;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.render.Terminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@code llmx} in-process, as {@code Main} would, against in-memory streams: for fast command tests.
 * By default nothing is a terminal (like a pipe); {@link #onTerminal} pretends stdout and stderr are.
 */
public final class CliRunner {
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private OutputStream stdoutSink;
    private boolean terminal;
    private boolean colorAllowed = true;
    private int width = Terminal.DEFAULT_WIDTH;

    public static CliRunner cli() {
        return new CliRunner();
    }

    public CliRunner stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public CliRunner stdin(byte[] bytes) {
        this.stdin = new ByteArrayInputStream(bytes);
        return this;
    }

    /** Standard input from a stream, e.g. one that produces a huge input lazily. */
    public CliRunner stdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    /** Standard output into this stream instead of a buffer (the result's stdout is then empty). */
    public CliRunner stdout(OutputStream sink) {
        this.stdoutSink = sink;
        return this;
    }

    public CliRunner onTerminal() {
        this.terminal = true;
        return this;
    }

    /** As if NO_COLOR were set in the environment. */
    public CliRunner noColorEnv() {
        this.colorAllowed = Terminal.colorPermitted(Map.of("NO_COLOR", "1"));
        return this;
    }

    public CliRunner width(int columns) {
        this.width = columns;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal t = new Terminal(stdin, stdoutSink != null ? stdoutSink : out, err, false, terminal, terminal,
                colorAllowed, width);
        int code = CommandLineFactory.execute(t, args);
        t.err().flush();
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr;
        }
    }
}
