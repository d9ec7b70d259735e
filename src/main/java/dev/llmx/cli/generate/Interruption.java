package dev.llmx.cli.generate;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during generation stops it cleanly: what was generated is still printed, with its timings. On SIGINT the
 * JVM runs its shutdown hooks; this one raises a flag that the generation loop polls between tokens, then waits
 * (a few seconds at most) for the command to finish its output before letting the JVM exit. Closing it removes the
 * hook, so a run that ends normally leaves nothing behind.
 */
public final class Interruption implements AutoCloseable {
    private static final long GRACE_SECONDS = 5;

    private final CountDownLatch outputDone = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private Interruption() {
        hook = new Thread(() -> {
            requested = true;
            try {
                outputDone.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "llmx-interrupt");
    }

    /** Starts listening for Ctrl-C. */
    public static Interruption install() {
        Interruption i = new Interruption();
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** Whether the user asked to stop. */
    public boolean requested() {
        return requested;
    }

    /** The output is complete: an exit in progress may go ahead; a normal run removes the hook. */
    @Override
    public void close() {
        outputDone.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting (Ctrl-C): the hook is running and now returns.
        }
    }
}
