package dev.llmx;

/**
 * A mistake in how a command was called that picocli cannot see by itself (two options that exclude each
 * other in a way the annotations cannot express, a value outside its range). Exit code 2, like picocli's own
 * usage errors.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
