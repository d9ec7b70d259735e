package dev.llmx.cli;

import dev.llmx.LlmxException;

/**
 * The most prompt tokens a command that shows every token, or every pair of tokens, takes: checked as soon as the
 * tokens are known, before any work or memory that grows with them (a pair table grows as the square), with one
 * message for every command. The limit is stated in the command's help too.
 */
final class PromptLimit {
    private PromptLimit() {
    }

    static void check(String command, int tokens, int max) {
        if (tokens > max) {
            throw new LlmxException("the prompt has " + tokens + " tokens; " + command + " shows at most " + max
                    + " (every pair of tokens is shown): use a shorter prompt");
        }
    }
}
