package dev.llmx.render;

/**
 * Standard output went away (the reader of a pipe exited, as {@code llmx tokenize -f big.txt | head} does).
 * Not an error worth a message: the command stops quietly.
 */
public final class OutputClosedException extends RuntimeException {
    public OutputClosedException() {
        super("standard output is closed", null, false, false);
    }
}
