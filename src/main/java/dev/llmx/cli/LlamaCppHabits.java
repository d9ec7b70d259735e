package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.render.Terminal;
import picocli.CommandLine.Option;

/**
 * llama-cli flags that users type out of habit and that have no llmx meaning: answered, not rejected as unknown
 * (which would suggest an unrelated option). {@code -ngl} is accepted with a note (llmx runs on the CPU); {@code -cnv}
 * says which command holds a conversation.
 */
public final class LlamaCppHabits {
    @Option(names = {"-ngl", "--n-gpu-layers", "--gpu-layers"}, paramLabel = "N",
            description = "Accepted as in llama.cpp and ignored: llmx runs on the CPU.")
    Integer gpuLayers;

    @Option(names = {"-cnv", "--conversation"},
            description = "llama.cpp's conversation mode: not part of this command (the error says which is).")
    boolean conversation;

    /** Answers the habits given to {@code command}. */
    void apply(Terminal terminal, String command) {
        if (conversation) {
            throw new UsageException("-cnv (llama.cpp's conversation mode) is not part of '" + command + "'; "
                    + (CommandLineFactory.subcommandNames().contains("chat") ? "'llmx chat' holds a conversation"
                    : "'llmx repl' keeps the model loaded from one prompt to the next"));
        }
        if (gpuLayers != null && gpuLayers != 0) {
            terminal.info("llmx " + command + ": -ngl " + gpuLayers + " ignored: llmx runs on the CPU");
        }
    }
}
