package dev.llmx.render;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A progress bar for long work (loading a large model, quantizing, benchmarking), drawn on standard error and
 * redrawn in place at most ten times a second. It appears only when standard error is a terminal, so logs and
 * pipes never see it, and it erases itself when done. Safe to advance from several threads.
 */
public final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean visible;
    private final String label;
    private final long total;
    private final LongFunction<String> unit;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile boolean drawn;

    private Progress(PrintWriter err, boolean visible, String label, long total, LongFunction<String> unit) {
        this.err = err;
        this.visible = visible;
        this.label = label;
        this.total = total;
        this.unit = unit;
    }

    /** Progress over {@code total} bytes (shown as KiB/MiB/GiB). */
    public static Progress bytes(Terminal terminal, String label, long total) {
        return new Progress(terminal.err(), terminal.progressOnStderr(), label, total, Units::bytes);
    }

    /** Progress over {@code total} items (tensors, tokens, rows). */
    public static Progress items(Terminal terminal, String label, long total) {
        return new Progress(terminal.err(), terminal.progressOnStderr(), label, total, Long::toString);
    }

    public void advance(long amount) {
        long now = done.addAndGet(amount);
        maybeDraw(now);
    }

    public long done() {
        return done.get();
    }

    private void maybeDraw(long now) {
        if (!visible) {
            return;
        }
        long t = System.nanoTime();
        long last = lastDraw.get();
        if (t - last < REDRAW_NANOS || !lastDraw.compareAndSet(last, t)) {
            return;
        }
        draw(now);
    }

    private synchronized void draw(long now) {
        double fraction = total > 0 ? Math.min(1.0, now / (double) total) : 0;
        String text = "\r" + label + "  " + Pictures.bar(fraction, BAR_WIDTH).replace(' ', '░')
                + String.format(java.util.Locale.ROOT, " %3d%%  ", Math.round(fraction * 100))
                + unit.apply(now) + " / " + unit.apply(total) + "\u001b[K";
        err.print(text);
        err.flush();
        drawn = true;
    }

    /** Erases the bar (if one was drawn) so that the next message starts on a clean line. */
    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }
}
