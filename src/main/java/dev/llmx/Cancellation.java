package dev.llmx;

/**
 * Cooperative cancellation of long work. A command is cancelled by interrupting the thread that runs it (the REPL does
 * this on Ctrl-C); long loops call {@link #checkpoint()} at natural boundaries (a prefill batch, a decode step, a
 * tensor's rows), which is a volatile read when nothing is pending.
 *
 * <p>The interrupt status is the flag because it needs no plumbing through every command: it belongs to the thread
 * doing the work. A plain {@code llmx} process never interrupts its main thread (Ctrl-C ends the JVM there), so
 * outside the REPL the checkpoints never fire.
 */
public final class Cancellation {
    private Cancellation() {
    }

    /** Whether this thread has been asked to stop; the request stays pending. */
    public static boolean requested() {
        return Thread.currentThread().isInterrupted();
    }

    /** Throws {@link CancelledException} if this thread has been asked to stop, consuming the request. */
    public static void checkpoint() {
        if (Thread.interrupted()) {
            throw new CancelledException();
        }
    }

    /** Forgets a pending request (work that stopped gracefully on it has honoured it). */
    public static void clear() {
        Thread.interrupted();
    }
}
