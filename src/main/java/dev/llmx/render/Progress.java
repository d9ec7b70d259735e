package dev.llmx.render;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A progress bar for long work (loading a large model, quantizing, benchmarking, scanning a tensor), drawn on
 * standard error and redrawn in place at most ten times a second. It appears only when standard error is a
 * terminal and the work has already taken half a second, so logs, pipes and quick runs never see it; it erases
 * itself when done. Safe to advance from several threads.
 */
public final class Progress implements AutoCloseable {
    private static final long QUIET_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean visible;
    private final String label;
    private final long total;
    private final LongFunction<String> unit;
    private final AtomicLong done = new AtomicLong();
    private final long quietUntil;
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile boolean drawn;

    private Progress(PrintWriter err, boolean visible, String label, long total, LongFunction<String> unit,
                     long quietNanos) {
        this.err = err;
        this.quietUntil = System.nanoTime() + quietNanos;
        this.visible = visible;
        this.label = label;
        this.total = total;
        this.unit = unit;
    }

    /** Progress over {@code total} bytes (shown as KiB/MiB/GiB). */
    public static Progress bytes(Terminal terminal, String label, long total) {
        return new Progress(terminal.err(), terminal.progressOnStderr(), label, total, Units::bytes,
                QUIET_NANOS);
    }

    /** Progress over {@code total} items (tensors, tokens, rows). */
    public static Progress items(Terminal terminal, String label, long total) {
        return new Progress(terminal.err(), terminal.progressOnStderr(), label, total, Long::toString,
                QUIET_NANOS);
    }

    /** Like {@link #bytes} but drawn from the first update on (tests). */
    static Progress bytesWithoutQuietPeriod(Terminal terminal, String label, long total) {
        return new Progress(terminal.err(), terminal.progressOnStderr(), label, total, Units::bytes, 0);
    }

    public void advance(long amount) {
        maybeDraw(done.addAndGet(amount));
    }

    /** Reports that {@code amount} units are finished in all (for work that counts its own progress). */
    public void update(long amount) {
        done.set(amount);
        maybeDraw(amount);
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
        if (t < quietUntil || t - last < REDRAW_NANOS || !lastDraw.compareAndSet(last, t)) {
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
