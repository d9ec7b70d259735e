package dev.llmx;

/**
 * A failure the user can act on: bad data, an unreadable file, a limit exceeded.
 *
 * <p>The message is shown as one line after {@code llmx <command>: }, so it must say what is wrong and, where
 * possible, what to do. It maps to exit code 1. Usage mistakes (bad flags) are picocli's
 * {@code ParameterException} instead and exit with 2.
 */
public class LlmxException extends RuntimeException {
    public LlmxException(String message) {
        super(message);
    }

    public LlmxException(String message, Throwable cause) {
        super(message, cause);
    }
}
