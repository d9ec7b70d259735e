package dev.llmx.tokenize.pretokenize;

/**
 * One alternative of a pre-tokenizer regex, matched at a fixed position: returns where the match ends, or -1.
 * Implementations follow the backtracking regex's choice (the first alternative that matches, greedy loops giving
 * back only what the rest needs) but run in time proportional to what they read, never re-scanning.
 */
@FunctionalInterface
public interface Rule {
    int match(CodepointText t, int pos, int end);
}
