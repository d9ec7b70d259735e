package dev.llmx;

/**
 * The user cancelled the running command (Ctrl-C in the REPL). It is reported as one line, {@code cancelled}, with
 * the shell's exit status for SIGINT, 130; the REPL then goes on with the next command.
 */
public final class CancelledException extends LlmxException {
    public CancelledException() {
        super("cancelled");
    }
}
