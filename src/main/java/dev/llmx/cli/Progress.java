package dev.llmx.cli;

import dev.llmx.render.Terminal;

import java.io.PrintWriter;

/**
 * A one-line progress indicator on standard error for work that may take a while (scanning a large tensor). It
 * stays silent unless standard error is a terminal and the work has already run for half a second, so quick runs and
 * redirected output see nothing; it redraws at most ten times a second and erases itself when done.
 */
public final class Progress implements AutoCloseable {
    private static final long QUIET_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    public Progress(Terminal terminal, String label, long total) {
        this.err = terminal.err();
        this.enabled = terminal.progressOnStderr();
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** Reports that {@code done} of the total units are finished. */
    public void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - start < QUIET_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + label + " " + Math.min(100, done * 100 / total) + "%\u001b[K");
        err.flush();
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
