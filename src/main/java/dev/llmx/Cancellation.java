package dev.llmx;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cooperative cancellation of long work. The REPL asks for the thread running a command to stop (Ctrl-C); long loops
 * call {@link #checkpoint()} at natural boundaries (a prefill batch, a decode step, a tensor's rows, a line of
 * input), which costs one read of an empty set when nothing is pending.
 *
 * <p>A request is kept per thread here rather than as the thread's interrupt status on purpose: an interrupt closes
 * any file channel the thread touches next ({@code ClosedByInterruptException}), and the REPL's kept model maps its
 * tensors through one shared channel, so an interrupt would break the model for every later command. A plain
 * {@code llmx} process never makes a request (Ctrl-C ends the JVM there), so outside the REPL checkpoints never fire.
 */
public final class Cancellation {
    private static final Set<Thread> REQUESTED = ConcurrentHashMap.newKeySet();

    private Cancellation() {
    }

    /** Asks {@code thread} to stop at its next checkpoint. */
    public static void request(Thread thread) {
        REQUESTED.add(thread);
    }

    /** Whether this thread has been asked to stop; the request stays pending. */
    public static boolean requested() {
        return !REQUESTED.isEmpty() && REQUESTED.contains(Thread.currentThread());
    }

    /** Throws {@link CancelledException} if this thread has been asked to stop, consuming the request. */
    public static void checkpoint() {
        if (!REQUESTED.isEmpty() && REQUESTED.remove(Thread.currentThread())) {
            throw new CancelledException();
        }
    }

    /** Forgets a pending request for this thread (work that stopped gracefully on it has honoured it). */
    public static void clear() {
        if (!REQUESTED.isEmpty()) {
            REQUESTED.remove(Thread.currentThread());
        }
    }
}
