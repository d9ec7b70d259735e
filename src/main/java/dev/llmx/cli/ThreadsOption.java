package dev.llmx.cli;

import dev.llmx.UsageException;
import picocli.CommandLine.Option;

/** {@code -t, --threads N}: mixed into every command that runs the model. */
public final class ThreadsOption {
    /** A bound on -t that no machine llmx runs on comes near; it keeps a typo from starting 100,000 threads. */
    static final int MAX_THREADS = 1024;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads for the matrix products (default: one per CPU core).")
    Integer threads;

    /** The threads to use: -t, else one per available core. */
    public int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : checked(threads);
    }

    /** {@code n} when it is a thread count llmx accepts; a usage error otherwise (also for commands taking lists). */
    static int checked(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new UsageException("-t must be between 1 and " + MAX_THREADS + ", not " + n);
        }
        return n;
    }
}
