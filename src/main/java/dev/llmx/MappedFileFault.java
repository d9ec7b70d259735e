package dev.llmx;

/**
 * Recognises the JVM's report of a fault on mapped memory. Weights are memory-mapped, so a model file truncated or
 * rewritten while llmx has it open makes the next read of a vanished page raise SIGBUS, which the JVM turns into an
 * {@link InternalError} "a fault occurred in an unsafe memory access operation" (or "... in a recent unsafe memory
 * access operation in compiled Java code"). That is bad data, not a bug in llmx: it becomes one line and exit 1,
 * and the REPL survives it.
 */
public final class MappedFileFault {
    /** The line the user sees. */
    public static final String MESSAGE = "the model file changed or was truncated while in use; open it again";

    private MappedFileFault() {
    }

    /** Whether {@code failure}, or anything that caused it (a worker thread's failure wrapped on the way), is one. */
    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InternalError && t.getMessage() != null
                    && t.getMessage().contains("unsafe memory access")) {
                return true;
            }
        }
        return false;
    }

    /** {@code failure} as the exception to report: a {@link LlmxException} when it is a fault on mapped memory. */
    public static Throwable translate(Throwable failure) {
        return in(failure) ? new LlmxException(MESSAGE, failure) : failure;
    }
}
