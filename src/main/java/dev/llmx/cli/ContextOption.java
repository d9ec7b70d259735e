package dev.llmx.cli;

import picocli.CommandLine.Option;

/** {@code -c, --ctx-size N}: the context (KV cache positions) of a command that runs the model. */
public final class ContextOption {
    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N",
            description = "Context length in tokens: prompt and generated tokens together (default: the model's).")
    int context;

    /** The requested context, 0 for the model's own. */
    public int requested() {
        return context;
    }
}
